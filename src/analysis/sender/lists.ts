/**
 * Embedded domain and word lists for the sender inspector (and the link inspector's look-alike
 * checks). Registered domains, lower case. Kept by hand: the commonest entries, not complete lists.
 */

const set = (words: string): ReadonlySet<string> => new Set(words.split(/\s+/).filter(Boolean));

/** Free webmail providers: anyone can open an account, so a company name in front of one proves nothing. */
export const FREEMAIL_DOMAINS = set(`
  gmail.com googlemail.com outlook.com outlook.fr outlook.de outlook.es outlook.it hotmail.com hotmail.co.uk
  hotmail.fr hotmail.de hotmail.it hotmail.es hotmail.com.br live.com live.co.uk live.fr live.de live.it live.nl
  live.ca live.com.au msn.com yahoo.com yahoo.co.uk yahoo.fr yahoo.de yahoo.it yahoo.es yahoo.co.jp yahoo.com.br
  yahoo.co.in yahoo.ca yahoo.com.au yahoo.com.mx yahoo.com.ar ymail.com rocketmail.com aol.com aim.com icloud.com
  me.com mac.com protonmail.com protonmail.ch proton.me pm.me zoho.com zohomail.com gmx.com gmx.de gmx.net gmx.at
  gmx.ch gmx.fr web.de mail.com email.com usa.com post.com consultant.com myself.com yandex.com yandex.ru ya.ru
  mail.ru bk.ru list.ru inbox.ru internet.ru rambler.ru qq.com 163.com 126.com yeah.net sina.com sina.cn sohu.com
  aliyun.com naver.com daum.net hanmail.net libero.it virgilio.it tiscali.it alice.it tin.it orange.fr wanadoo.fr
  free.fr laposte.net sfr.fr t-online.de freenet.de arcor.de seznam.cz centrum.cz wp.pl o2.pl onet.pl interia.pl
  rediffmail.com tutanota.com tutanota.de tuta.io tutamail.com fastmail.com fastmail.fm hushmail.com mailfence.com
  posteo.de mailbox.org btinternet.com comcast.net verizon.net att.net sbcglobal.net bellsouth.net cox.net
  charter.net earthlink.net optonline.net shaw.ca rogers.com sympatico.ca bigpond.com optusnet.com.au uol.com.br
  bol.com.br terra.com.br ig.com.br abv.bg ukr.net i.ua inbox.lv gmx.us lycos.com excite.com juno.com netzero.net
`);

/** Disposable (throw-away) mailbox services. */
export const DISPOSABLE_DOMAINS = set(`
  mailinator.com mailinator.net mailinator2.com guerrillamail.com guerrillamail.net guerrillamail.org
  guerrillamail.biz guerrillamail.de guerrillamail.info guerrillamailblock.com grr.la sharklasers.com pokemail.net
  spam4.me 10minutemail.com 10minutemail.net 10minutemail.co.uk 10minmail.com 20minutemail.com my10minutemail.com
  temp-mail.org temp-mail.io tempmail.com tempmail.net tempmailo.com tempmail.dev tempmail.plus tempmail.ninja
  tempr.email tempail.com tempinbox.com temporary-mail.net temporaryemail.net temporaryinbox.com tempemail.net
  tempomail.fr tempmailaddress.com mytempemail.com mytemp.email throwawaymail.com trashmail.com trashmail.net
  trashmail.de trashmail.me trashmail.io trashmail.ws trash-mail.com mytrashmail.com mailmetrash.com yopmail.com
  yopmail.fr yopmail.net cool.fr.nf jetable.fr.nf jetable.org nospam.ze.tc nomail.xl.cx mega.zik.dj speed.1s.fr
  courriel.fr.nf moncourrier.fr.nf monemail.fr.nf monmail.fr.nf dispostable.com maildrop.cc mailnesia.com
  mailcatch.com mailnull.com mintemail.com mohmal.com mohmal.in getnada.com nada.email inboxkitten.com
  emailondeck.com fakeinbox.com getairmail.com harakirimail.com incognitomail.org mailexpire.com mailforspam.com
  mailmoat.com mailsac.com mailtemp.info mailtothis.com meltmail.com mt2015.com mvrht.com no-spam.ws nowmymail.com
  objectmail.com obobbo.com onewaymail.com pookmail.com proxymail.eu rcpt.at rmqkr.net selfdestructingmail.com
  sendspamhere.com shieldemail.com shitmail.me skeefmail.com slopsbox.com smellfear.com snakemail.com
  sneakemail.com sofort-mail.de spam.la spamavert.com spambob.com spambog.com spambox.us spamcero.com spamex.com
  spamfree24.org spamgourmet.com spamhole.com spaml.com spammotel.com spamspot.com spamthis.co.uk spamtrail.com
  spamdecoy.net suremail.info thankyou2010.com thisisnotmyrealemail.com tradermail.info trbvm.com turual.com
  twinmail.de tyldd.com wegwerfmail.de wegwerfmail.net wegwerfmail.org wh4f.org whyspam.me willselfdestruct.com
  wronghead.com wuzupmail.net xagloo.com xemaps.com xents.com xmaily.com xoxy.net zehnminutenmail.de zoemail.org
  armyspy.com cuvox.de dayrep.com einrot.com fleckens.hu gustr.com jourrapide.com rhyta.com superrito.com
  teleworm.us anonbox.net anonymbox.com burnermail.io discard.email discardmail.com discardmail.de dropmail.me
  emailfake.com emailtemporanea.net email-temp.com eyepaste.com filzmail.com getonemail.com hidemail.de kasmail.com
  klzlk.com linshiyouxiang.net mail-temp.com mail.tm mail7.io maildu.de mailhazard.com mailimate.com mailpoof.com
  moakt.com nwytg.net opayq.com qiott.com tmail.ws tmpmail.net tmpmail.org tmails.net vomoto.com byom.de 33mail.com
  1secmail.com 1secmail.net 1secmail.org emlpro.com emltmp.com emlhub.com txcct.com kzccv.com 10mail.org mailhz.me
  fexbox.org fexpost.com spamgourmet.net mailinater.com mailnator.com fakemailgenerator.com tempmail.us.com
  crazymailing.com tempsky.com mailscrap.com disposablemail.com disposableemailaddresses.com emailsensei.com
  binkmail.com bobmail.info chammy.info devnullmail.com letthemeatspam.com mailin8r.com mailinator.org
  notmailinator.com reallymymail.com sogetthis.com spamherelots.com spamhereplease.com streetwisemail.com
  suremail.info veryrealemail.com zippymail.info mailbidon.com jetable.net spambox.info kurzepost.de objectmail.com
  trashymail.com trashymail.net wegwerfemail.de emailto.de spoofmail.de spam.su tempmail.de 0clickemail.com
  deadaddress.com e4ward.com mailscrap.com nepwk.com dodgit.com dodgeit.com mailzilla.com boximail.com
`);

/**
 * Sending and click-tracking infrastructure of mail service providers. A brand's name in a subdomain of
 * these (`paypal.sendgrid.net`) is the provider's customer naming, not an impersonation, and a link to
 * them from a newsletter is click tracking.
 */
export const MAIL_INFRASTRUCTURE_DOMAINS = set(`
  sendgrid.net sendgrid.com list-manage.com mcsv.net mcdlv.net rsgsv.net mailchimpapp.net mandrillapp.com
  amazonses.com mailgun.org mailgun.net sparkpostmail.com sparkpost.com mktomail.com mkto-sj.com marketo.com
  exacttarget.com exct.net sfmc-content.com hubspotemail.net hubspotlinks.com hubspotstarter.net hs-analytics.net
  constantcontact.com rs6.net klaviyomail.com klclick.com klclick1.com klclick2.com klclick3.com klaviyo.com
  cmail19.com cmail20.com createsend.com createsend1.com postmarkapp.com mtasv.net sailthru.com braze.com
  iterable.com customeriomail.com customer.io mailjet.com sendinblue.com brevo.com sendibt3.com sendibm1.com
  emarsys.net responsys.net mailerlite.com mlsend.com convertkit.com ck.page convertkit-mail.com substack.com
  beehiiv.com intercom-mail.com zendesk.com freshdesk.com mailchimp.com campaign-archive.com
  getmailspring.com emltrk.com everlytic.net acemlna.com acemlnb.com activehosted.com pardot.com salesforce.com
`);

/** Real companies whose names sit close to a brand's: never reported as look-alikes. */
export const NOT_LOOKALIKES = set(`
  mobile.de telkom.co.za snapcraft.io applebees.com maple.com chasebank.com amazonia.org pineapple.com
  paypal-community.com booking.de uberall.com zoominfo.com dellemc.com
`);

/**
 * Country-code TLDs sold and abused as generic ones: a brand's bare name on these is not the brand's
 * country site (`paypal.co`, `netflix.tk`).
 */
export const ABUSED_CCTLDS = set('co io me ly tk ml ga cf gq ws cc to su ai sh gg st la nu pw cm');

/** Words phishers put around a brand in a domain label (`paypal-secure-login`, `appleidverify`). */
export const AFFIX_WORDS = set(`
  secure security login logon log signin sign verify verification verified account accounts acct update updates
  support service services servicos help helpdesk online web webmail mail email id auth billing bill pay payment
  payments wallet app apps center centre team alert alerts notice notification notifications info customer client
  member members portal access confirm confirmation validate validation safe safety check review recovery recover
  unlock locked restore refund refunds delivery deliver track tracking parcel package shipping shipment express
  post bank banking invoice invoices doc docs document documents file files share drive cloud store shop prime
  official my go get new us usa uk eu global intl net care assist desk connect office live home hub sso reset
  password pass claim reward rewards gift bonus promo offer deals sale dashboard panel admin system notify message
  messages inbox cdn api www ltd inc corp group customers user users profile settings status order orders purchase
  checkout cart receipt com org co web3 airdrop nft token mobile plus pro rewards cash card cards visa news
`);

/** Display-name words of an organisation or role rather than a person (for free-mail senders). */
export const ORGANISATION_WORDS = set(`
  support team service services security admin administrator administration helpdesk billing account accounts
  customer care department inc ltd llc gmbh corp corporation bank official notification notifications alert
  alerts noreply no-reply payroll hr webmail postmaster mailer-daemon server delivery shipping invoice finance
  accounting legal compliance management manager verification center centre desk office headquarters agency
  company group limited foundation ministry government federal claims refund rewards
`);

/**
 * Message-ID domains of the big mail platforms: an address at any domain can be sent through them, so
 * their Message-IDs say nothing about the sender's domain.
 */
export const MESSAGE_ID_PLATFORMS = set(`
  gmail.com google.com outlook.com prod.outlook.com yahoo.com mail.yahoo.com icloud.com apple.com zoho.com
  amazonses.com sendgrid.net mailgun.org sparkpostmail.com mandrillapp.com mailchimp.com mcsv.net hubspot.com
  salesforce.com exacttarget.com exchangelabs.com
`);
