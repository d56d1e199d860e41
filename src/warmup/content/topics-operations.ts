/**
 * Topics about running a business: invoices (paperwork only, never a payment lure), vendors,
 * contracts, onboarding, the office (see topics.ts for the shape).
 */
import type { Topic } from './topics.ts';

export const OPERATIONS_TOPICS: readonly Topic[] = [
  {
    key: 'invoice-admin',
    subjects: ['Invoice reference for {month}', 'Purchase order for the {project} work', 'Billing contact for {quarter}', 'Question about the {month} statement', 'Cost centre for the {team} team'],
    openings: [
      'A quick admin question about the invoice for {month}.',
      'Our finance team asked me to check the purchase order number for the {project} work.',
      'We are updating our billing contacts for {quarter}.',
      'I was reconciling the {month} statement and have one small question.',
      'Could you help me match an invoice to the right cost centre?',
    ],
    details: [
      ['The reference on our side ends in {count}, which does not match our records.', 'The purchase order covers the work through the end of {month}.', 'Going forward, invoices should be addressed to the {team} team.', 'The line items look correct, only the reference is different.'],
      ['There is nothing to do on your side other than confirm the number.', 'Our records are usually updated by {day}.', 'This is just for our internal bookkeeping.', 'I have asked our finance assistant to double-check as well.'],
    ],
    asks: ['Could you confirm the correct reference?', 'Who is the best contact on your side for this?', 'Would you update the billing contact on your records?', 'Can you let me know which purchase order this relates to?'],
    answers: [
      'Thanks for checking. I will confirm the reference with our finance team.',
      'The best contact is our finance coordinator. I will ask them to reply.',
      'Good catch. The purchase order for {project} is the right one.',
      'Updated on our side, thanks for letting me know.',
      'I will look into it and get back to you by {weekday}.',
    ],
    followUps: ['Thanks, that clears it up.', 'Perfect, our records are updated.', 'Great, thanks for sorting it out.', 'Thanks, no further questions.'],
  },
  {
    key: 'vendor-question',
    subjects: ['Question about the {item}', 'Delivery date for the {item}', 'Quote for {item}', 'Follow-up on the {item} order', 'Options for new {item}'],
    openings: [
      'We are looking at new {item} for the office and had a few questions.',
      'I wanted to check on the delivery date for the {item}.',
      'Thanks for the quote for the {item}. A couple of follow-up questions.',
      'The {team} team asked about options for {item}.',
    ],
    details: [
      ['We would need around {count} dozen units in total.', 'The current ones are about five years old.', 'Ideally they would arrive before the end of {month}.', 'We have space for them on the second floor.'],
      ['Is installation included, or is that arranged separately?', 'We would like to see a sample before committing.', 'A delivery on {weekday} morning would suit us best.', 'We also need to recycle the old ones.'],
    ],
    asks: ['Could you let me know the lead time?', 'Would a delivery on {weekday} be possible?', 'Can you share the product specifications?', 'Is there a sample we could look at?'],
    answers: [
      'The lead time is about {weeks} at the moment.',
      'A delivery on {weekday} should be possible. I will confirm tomorrow.',
      'I will send the specifications this afternoon.',
      'Installation is included, and we can take the old ones away as well.',
      'We have a sample in the showroom you are welcome to see.',
    ],
    followUps: ['Thanks, that timing works.', 'Great, please go ahead with {weekday}.', 'Thanks for the details.', 'Perfect, we will visit the showroom next week.'],
  },
  {
    key: 'contract-review',
    subjects: ['Agreement for the {project} work', 'Comments on the service agreement', 'Renewal of the {team} agreement', 'Next steps on the {project} contract', 'Updated terms for {quarter}'],
    openings: [
      'Our legal team finished reviewing the agreement for the {project} work.',
      'I have a few comments on the service agreement draft.',
      'The current agreement with the {team} team comes up for renewal in {month}.',
      'Thanks for sending the updated terms for {quarter}.',
    ],
    details: [
      ['Most of the changes are minor wording.', 'The section on timelines needs one more look.', 'We suggest keeping the notice period as it is.', 'The scope section now matches our last conversation.'],
      ['I marked the remaining questions in the margin.', 'Our legal team is available for a short call if needed.', 'We hope to finish the review by {day}.', 'Nothing here should hold up the start of the work.'],
    ],
    asks: ['Could your team take a look at the open points?', 'Would a call with both legal teams help?', 'When would you like to finalise it?', 'Are you comfortable with the proposed changes?'],
    answers: [
      'Thanks, we will review the open points this week.',
      'A call with both teams would help. {weekday} afternoon works for us.',
      'We are comfortable with most of the changes. One question on timelines.',
      'We would like to finalise it by {day} if possible.',
      'Thanks for the quick review. I will share it with our legal team.',
    ],
    followUps: ['Great, I will set up the call.', 'Thanks, we can work with that date.', 'Good, let us settle the timeline question on the call.', 'Thanks for the update.'],
  },
  {
    key: 'onboarding',
    subjects: ['Getting started with {project}', 'Onboarding plan for your team', 'Kick-off for {project}', 'Welcome and next steps', 'Handover notes for {project}'],
    openings: [
      'Welcome aboard, and thanks for choosing to work with us on {project}.',
      'Here is the onboarding plan we discussed for your team.',
      'The kick-off for {project} is set for {weekday}.',
      'I have put together some handover notes for {project}.',
    ],
    details: [
      ['The first week is mostly setup and introductions.', 'We will pair each of your people with someone from our {team} team.', 'The plan runs over {weeks}, with a check-in at the end of each week.', 'Your main contact will be our {role}.'],
      ['I will share a short checklist before the kick-off.', 'Most questions can go straight to the shared channel.', 'We will review progress together on {day}.', 'There is no preparation needed beyond the checklist.'],
    ],
    asks: ['Does the plan look right to you?', 'Who should we invite to the kick-off?', 'Is there anything you would like to add?', 'Could you confirm the kick-off time?'],
    answers: [
      'Thanks, the plan looks right. We are looking forward to getting started.',
      'Please invite our {role} and one person from {team}.',
      'The kick-off time works. See you on {weekday}.',
      'Could we add a short session on {topic} in the second week?',
      'Thanks for the warm welcome. The checklist will be very useful.',
    ],
    followUps: ['Great, invites are out.', 'Good idea, I have added the session.', 'See you then.', 'Thanks, glad it helps.'],
  },
  {
    key: 'office-facilities',
    subjects: ['Office move on {day}', 'Desk booking for {month}', 'Meeting rooms next week', 'Building access over the holidays', 'Changes to the {city} office layout'],
    openings: [
      'A heads-up about the office move planned for {day}.',
      'We are changing how desk booking works from {month}.',
      'Some meeting rooms will be unavailable next week during maintenance.',
      'Here are the plans for the new layout of the {city} office.',
    ],
    details: [
      ['Please pack personal items by the end of {weekday}.', 'The {team} team will move to the second floor.', 'Quiet rooms stay where they are.', 'The kitchen will be closed for one day.'],
      ['Facilities will label every box for you.', 'Desk bookings open two weeks ahead.', '{venue} will be available as an overflow space.', 'The work should be done by {weekday2}.'],
    ],
    asks: ['Let me know if this causes problems for your team.', 'Could you pass this on to your team?', 'Do you need any extra desks during the move?', 'Any questions before the move?'],
    answers: [
      'Thanks for the heads-up. I will let the team know.',
      'No problems on our side. We will pack by {weekday}.',
      'We might need {count} extra desks on the first day.',
      'Thanks. Will the quiet rooms be available during the move?',
      'Good to know, thanks. I will book a room elsewhere for {weekday}.',
    ],
    followUps: ['Yes, the quiet rooms stay open.', 'Thanks, I have reserved the desks.', 'Great, thanks for passing it on.', 'Thanks, shout if anything comes up.'],
  },
];
