/** Campaign shapes as `GET /v1/campaigns[/:id]` returns them, from the SDK's generated types (whole: the dashboard never asks for a `fields=` subset). */
import type * as Sdk from '@mailwarden/sdk';
export type Campaign = Required<Sdk.CampaignListItem>;
/** With its 10 most recently received emails, newest first (`latest_email_ids`). */
export type CampaignDetail = Required<Sdk.Campaign>;
