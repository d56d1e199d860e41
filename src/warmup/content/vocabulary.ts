/**
 * The words that fill the templates (`{project}`, `{weekday}`, …) and the phrases every topic shares
 * (greetings, pleasantries, closings). Plain, calm business English: no all-caps, no lure words, no
 * links — `lintDraft` checks every combination the tests generate.
 */
import type { Random } from './random.ts';

export const FILLS: Record<string, readonly string[]> = {
  project: [
    'Atlas', 'Beacon', 'Cedar', 'Harbor', 'Lighthouse', 'Meridian', 'Northwind', 'Orchard', 'Pioneer', 'Quartz',
    'Redwood', 'Summit', 'Tidewater', 'Willow', 'Juniper', 'Keystone', 'Horizon', 'Evergreen', 'Falcon', 'Granite',
    'Bluebird', 'Compass', 'Driftwood', 'Ember', 'Fjord', 'Lantern', 'Maple', 'Nimbus', 'Outpost', 'Sparrow',
  ],
  weekday: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'],
  time: ['9:00', '9:30', '10:00', '10:30', '11:00', '11:30', '1:30', '2:00', '2:30', '3:00', '3:30', '4:00'],
  month: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  quarter: ['Q1', 'Q2', 'Q3', 'Q4'],
  city: [
    'Lisbon', 'Denver', 'Toronto', 'Rotterdam', 'Austin', 'Dublin', 'Melbourne', 'Leeds', 'Lyon', 'Portland',
    'Edinburgh', 'Montreal', 'Valencia', 'Boston', 'Chicago', 'Copenhagen', 'Seattle', 'Manchester', 'Vienna', 'Oslo',
  ],
  venue: [
    'the main conference room', 'the third-floor meeting space', 'the Riverside venue', 'the hotel on Elm Street',
    'the community hall', 'the studio downstairs', 'the training room', 'the rooftop terrace', 'the library annex',
    'the east wing boardroom',
  ],
  doc: [
    'proposal', 'project brief', 'style guide', 'onboarding checklist', 'budget summary', 'research summary',
    'release notes', 'help centre article', 'case study', 'training outline', 'process document', 'status report',
    'meeting notes', 'roadmap draft', 'requirements list',
  ],
  team: ['design', 'finance', 'operations', 'marketing', 'engineering', 'support', 'sales', 'legal', 'product', 'data', 'facilities', 'people'],
  role: [
    'operations coordinator', 'product designer', 'data analyst', 'account manager', 'support lead',
    'backend developer', 'marketing specialist', 'office manager', 'content writer', 'project manager',
    'finance assistant', 'customer success manager',
  ],
  count: ['two', 'three', 'four', 'five', 'six', 'seven', 'eight'],
  day: ['the 3rd', 'the 5th', 'the 8th', 'the 11th', 'the 14th', 'the 17th', 'the 19th', 'the 22nd', 'the 25th', 'the 28th'],
  item: [
    'standing desks', 'laptop docks', 'conference headsets', 'office chairs', 'shelving units', 'whiteboards',
    'monitor arms', 'label printers', 'meeting room screens', 'lockers', 'coffee machines', 'desk lamps',
  ],
  weeks: ['two weeks', 'three weeks', 'four weeks', 'a couple of weeks', 'six weeks'],
  topic: [
    'the rollout plan', 'the support backlog', 'the hiring pipeline', 'the customer survey', 'the partner programme',
    'the new reporting format', 'the handover process', 'the pricing page copy', 'the team offsite', 'the vendor review',
  ],
};

/** Values for every placeholder, drawn once per message so the subject and body agree. */
export type Fills = Record<string, string>;

export function drawFills(random: Random): Fills {
  const fills: Fills = {};
  for (const [name, values] of Object.entries(FILLS)) fills[name] = random.pick(values);
  const otherDays = FILLS.weekday!.filter((day) => day !== fills.weekday);
  fills.weekday2 = random.pick(otherDays);
  const otherTimes = FILLS.time!.filter((time) => time !== fills.time);
  fills.time2 = random.pick(otherTimes);
  return fills;
}

/** Replaces `{name}` with its value; an unknown placeholder is a bug in a template, so it throws. */
export function fill(template: string, fills: Fills): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = fills[name];
    if (value === undefined) throw new Error(`content template uses an unknown placeholder {${name}}: ${template}`);
    return value;
  });
}

export const GREETINGS = ['Hi {first},', 'Hello {first},', 'Hi {first},', 'Good morning {first},', 'Dear {first},', '{first},', 'Hey {first},'];

/** Optional first line before the topic's opening. */
export const PLEASANTRIES = [
  'I hope your week is going well.',
  'I hope you had a good weekend.',
  'Hope things are going smoothly on your side.',
  'Thanks again for your help last time.',
  'I hope the start of the week has been kind to you.',
  'Good to hear from you the other day.',
  'I hope you are keeping well.',
  'Thanks for the quick turnaround on the last round.',
  'Hope you managed to get some rest after the busy stretch.',
  'It was good catching up briefly on {weekday2}.',
];

/** Optional line before the closing. */
export const CLOSING_LINES = [
  'Let me know what you think.',
  'Happy to talk it through if that is easier.',
  'No rush on this, whenever suits you is fine.',
  'Thanks in advance for taking a look.',
  'Let me know if anything is unclear.',
  'Shout if you have any questions.',
  'I appreciate your help with this.',
  'Looking forward to hearing your thoughts.',
  'Thanks for keeping this moving.',
  'Speak soon.',
];

export const SIGN_OFFS = ['Thanks,', 'Best regards,', 'Kind regards,', 'Best,', 'Many thanks,', 'Cheers,', 'All the best,', 'Warm regards,', 'Regards,', 'Thank you,'];

/** Opening line of a reply, before the topic's answer. */
export const REPLY_OPENERS = [
  'Thanks for the note.',
  'Thanks for sending this over.',
  'Thanks for reaching out.',
  'Good to hear from you.',
  'Thanks, this is helpful.',
  'Appreciate the update.',
  'Thanks for following up.',
  'Thanks for the detail.',
  '',
  '',
];

/** An optional line after a reply's answer. */
export const REPLY_ADDENDA = [
  'I will keep you posted.',
  'Let me know if you need anything else from me.',
  'I will circle back once I hear from the team.',
  'Happy to jump on a quick call if needed.',
  'I will add a note to our tracker.',
  'Thanks again for organising this.',
  'Talk soon.',
  '',
  '',
];
