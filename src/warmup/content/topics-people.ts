/** Topics about people: hiring, introductions, training, events, travel (see topics.ts for the shape). */
import type { Topic } from './topics.ts';

export const PEOPLE_TOPICS: readonly Topic[] = [
  {
    key: 'hiring',
    subjects: ['Interview schedule for the {role} role', 'Candidate for the {role} position', '{role} interviews next week', 'Feedback on {weekday} interviews', 'Hiring plan for the {team} team', 'Shortlist for the {role} role'],
    openings: [
      'We have a shortlist of {count} candidates for the {role} role.',
      'I am putting together the interview schedule for the {role} position.',
      'Thanks for joining the interviews on {weekday}.',
      'The {team} team has approved a new {role} position for {quarter}.',
      'A strong candidate applied for the {role} role this week.',
    ],
    details: [
      ['Each interview is about forty-five minutes.', 'The first round is a conversation about experience and motivation.', 'We would like two people from {team} on each panel.', 'The candidates have all completed the short exercise.'],
      ['I have blocked time on {weekday} and {weekday2}.', 'We hope to make a decision by {day}.', 'The job description has been updated since we last spoke.', 'References will be checked once we have a preferred candidate.'],
      ['I will share the notes template before the interviews.', 'Please keep your written feedback short and specific.', 'We can compare notes on a short call afterwards.', 'Let me know if you would rather join remotely.'],
    ],
    asks: ['Could you join one of the panels?', 'Which slots work for you?', 'Would you be able to send your feedback by {weekday}?', 'Do you have time to review the shortlist?', 'Any thoughts on the candidates so far?'],
    answers: [
      'Happy to join a panel. {weekday} works best for me.',
      'I can do both slots on {weekday2}. Please send the notes template.',
      'Thanks, I will send my feedback by {weekday}.',
      'I reviewed the shortlist. The second candidate looks very promising.',
      'Count me in. I will join remotely if that is all right.',
      'Good to see the role approved. I can help with the exercise review.',
    ],
    followUps: ['Thanks, I have added you to the panel.', 'Great, the template is on its way.', 'Appreciate it, see you on {weekday}.', 'Thanks, that is really helpful feedback.', 'Perfect, remote is fine.'],
  },
  {
    key: 'introduction',
    subjects: ['Introduction: {role} at our {city} office', 'Connecting you with our {team} lead', 'Meeting our new {role}', 'Someone you should meet about {topic}', 'Introducing a colleague from {team}'],
    openings: [
      'I wanted to introduce you to a colleague who joined our {team} team recently.',
      'You mentioned {topic} last time, and I know someone who has worked on exactly that.',
      'Our new {role} in {city} would like to learn more about how your team works.',
      'I think you two would have a lot to talk about regarding {topic}.',
    ],
    details: [
      ['She has spent several years working on similar projects.', 'He led a project much like {project} at his previous company.', 'They are based in {city} and travel here once a month.', 'They have been looking at {topic} from the {team} side.'],
      ['A short call would probably be enough to start with.', 'There is no agenda, just an informal conversation.', 'I have copied them on the next message so you can reach each other.', 'They are happy to work around your schedule.'],
    ],
    asks: ['Would you be open to a short call?', 'Is it all right if I share your details?', 'Let me know if you would like me to set something up.', 'Would coffee next time you are in {city} work?'],
    answers: [
      'Thanks for the introduction. I would be happy to talk.',
      'Sounds great. Please do share my details.',
      'Happy to meet. I will be in {city} in {month}, so coffee would be nice.',
      'Thanks for thinking of me. A short call next week works.',
      'Yes, please set something up. {weekday} afternoon is usually good.',
    ],
    followUps: ['Great, I will connect you both.', 'Perfect, I have passed on your note.', 'Thanks, they will be in touch this week.', 'Lovely, enjoy the conversation.'],
  },
  {
    key: 'training',
    subjects: ['Workshop on {topic}', 'Training session for the {team} team', 'Agenda for the {weekday} workshop', 'Materials for the {project} training', 'Signing up for the {month} workshop'],
    openings: [
      'We are running a workshop on {topic} in {month}.',
      'The {team} team asked for a short training session on the new tools.',
      'Here is the draft agenda for the workshop on {weekday}.',
      'The materials for the {project} training are nearly ready.',
    ],
    details: [
      ['It will take about two hours, with a break in the middle.', 'We will hold it in {venue}.', 'The session is hands-on, so bring a laptop.', 'We are keeping the group to about {count} people.'],
      ['The first half covers the basics, the second half is practice.', 'A recording will be available for people who cannot attend.', 'There will be a short exercise at the end.', 'We will share the slides afterwards.'],
      ['Coffee and snacks will be provided.', 'Please let me know about any access needs.', 'It starts at {time}, so we should finish before lunch.', 'We can repeat it in {month} if there is interest.'],
    ],
    asks: ['Would you like to attend?', 'Could you review the agenda before {weekday}?', 'Do you know anyone else who should join?', 'Would you be willing to present one section?'],
    answers: [
      'I would like to attend. Please count me in.',
      'The agenda looks good. Maybe leave a bit more time for questions.',
      'I think two people from {team} would find it useful.',
      'Happy to present a section, perhaps the part on {topic}.',
      'I cannot make that date, but I will watch the recording.',
    ],
    followUps: ['Great, I have added you to the list.', 'Good idea, I will extend the question time.', 'Thanks, I will reach out to them.', 'Perfect, I will send you the slides to adapt.', 'No problem, I will share the recording.'],
  },
  {
    key: 'event-logistics',
    subjects: ['Logistics for the {month} event', 'Venue options for {weekday}', 'Team dinner on {day}', 'Planning the {city} meetup', 'Catering and seating for {weekday}', 'Guest list for the {project} launch'],
    openings: [
      'We are starting to plan the logistics for the event in {month}.',
      'I looked at a few venue options for {weekday} and have a shortlist.',
      'The team dinner is set for {day}, and I am sorting out the details.',
      'The {city} meetup is coming together nicely.',
      'A few logistics questions for the {project} launch.',
    ],
    details: [
      ['We are expecting around {count} dozen guests.', 'The preferred venue is {venue}.', 'The room holds more people than we need, which gives us some flexibility.', 'Doors would open at {time}, with a short welcome at the start.'],
      ['Catering can handle most dietary requirements with a week of notice.', 'We still need a few volunteers to help with registration.', 'Parking is limited, so public transport is the easier option.', 'The AV setup includes a projector and two microphones.'],
      ['I will send a calendar hold to everyone this week.', 'We will confirm numbers by {day}.', 'A short programme will go out a few days before.', 'I will share a floor plan once it is final.'],
    ],
    asks: ['Does the date work for your team?', 'Could you send me the dietary requirements for your group?', 'Would you be able to help with registration?', 'Any preference between the venues?', 'How many people from your side should I plan for?'],
    answers: [
      'The date works for us. Please plan for {count} people from our side.',
      'I will collect the dietary requirements and send them by {weekday}.',
      'Happy to help with registration for the first hour.',
      'I would go for {venue}. It is easier for most people to reach.',
      'Thanks for organising this. I will forward the details to the team.',
    ],
    followUps: ['Thanks, I have updated the numbers.', 'Great, that helps with catering.', 'Perfect, I will put you down for registration.', 'Good choice, I will book it.', 'Thanks, I will send the programme next week.'],
  },
  {
    key: 'travel',
    subjects: ['Trip to {city} in {month}', 'Travel plans for the {city} visit', 'Hotel options in {city}', 'Itinerary for {weekday}', 'Visiting the {city} office'],
    openings: [
      'I am planning the trip to {city} in {month} and wanted to check a few details.',
      'Here is the draft itinerary for the visit to the {city} office.',
      'I found a couple of hotel options close to the office in {city}.',
      'The {city} visit is confirmed for the week of {day}.',
    ],
    details: [
      ['I arrive on {weekday} morning and leave on {weekday2} evening.', 'The flight lands around {time}, so I can come straight to the office.', 'The train is probably easier than flying this time.', 'I will be travelling with one colleague from {team}.'],
      ['Both hotels are within walking distance of the office.', 'I have kept one evening open for a team dinner.', 'The first day would be meetings, the second mostly workshops.', 'I can bring the printed materials with me.'],
    ],
    asks: ['Does that timing work on your end?', 'Is there anything you would like me to bring?', 'Could you recommend one of the hotels?', 'Would you be around for dinner on {weekday}?'],
    answers: [
      'The timing works well. Looking forward to the visit.',
      'I would recommend the hotel closer to the river, it is quieter.',
      'Dinner on {weekday} sounds great. I will book somewhere nearby.',
      'Please bring the printed materials, that would help.',
      'Welcome in advance. I will arrange a desk for you both.',
    ],
    followUps: ['Thanks, booked.', 'Great, see you in {city}.', 'Perfect, I will pack the materials.', 'Thanks for arranging the desks.', 'Sounds lovely, thank you.'],
  },
];
