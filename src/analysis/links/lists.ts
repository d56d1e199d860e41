/**
 * Embedded lists for the link inspector: URL shorteners, free hosting and site builders that phishing
 * pages live on, redirectors, and top-level domains with a poor record. Hosts are registered domains
 * (or host suffixes), lower case. Kept by hand: the commonest services, not complete lists.
 */

const set = (words: string): ReadonlySet<string> => new Set(words.split(/\s+/).filter(Boolean));

/** URL shortening services: the link hides where it goes. */
export const SHORTENERS = set(`
  bit.ly bitly.com j.mp tinyurl.com tiny.cc t.co goo.gl ow.ly buff.ly is.gd v.gd cutt.ly rb.gy rebrand.ly
  shorturl.at shorturl.asia t.ly tiny.one s.id lnkd.in surl.li shorte.st adf.ly bc.vc ouo.io linktr.ee
  qrco.de qr.io u.to clck.ru bl.ink short.io shrtco.de shrtm.nu 1url.com x.co po.st snip.ly lnk.to
  trib.al soo.gd mcaf.ee urlz.fr urlr.me kutt.it t2m.io tr.im cli.re zpr.io hyperurl.co l.ead.me me2.kr
  han.gl vk.cc did.li bit.do urlzs.com 2u.pw tny.im gg.gg rotf.lol dik.si shor.by fb.me wp.me
  shrinke.me shrtfly.com mzl.la 4ly.in yourls.org ln.run page.link cutt.us shorturl.gg
`);

/**
 * Free hosting, site builders, tunnels and public buckets: anyone can publish a page there in
 * minutes, so phishing kits live on them. Host suffixes; an entry with a path (`docs.google.com/forms`)
 * matches that path prefix on that host only.
 */
export const FREE_HOSTING: readonly string[] = `
  firebaseapp.com web.app pages.dev workers.dev trycloudflare.com github.io netlify.app vercel.app
  weebly.com weeblysite.com wixsite.com wixstudio.io editorx.io 000webhostapp.com blogspot.com ipfs.io
  cloudflare-ipfs.com dweb.link nftstorage.link w3s.link fleek.co ipfs.w3s.link docs.google.com/forms
  sites.google.com forms.gle storage.googleapis.com firebasestorage.googleapis.com appspot.com r2.dev
  ngrok.io ngrok-free.app ngrok.app glitch.me repl.co replit.app replit.dev herokuapp.com azurewebsites.net
  blob.core.windows.net web.core.windows.net onrender.com fly.dev surge.sh webflow.io godaddysites.com
  square.site mystrikingly.com strikingly.com jimdosite.com jimdofree.com yolasite.com site123.me
  wordpress.com tilda.ws carrd.co notion.site canva.site forms.office.com jotform.com form.jotform.com
  s3.amazonaws.com translate.goog webcindario.com wcomhost.com atwebpages.com freehostia.com
  byethost.com epizy.com rf.gd infinityfreeapp.com 42web.io ukit.me webnode.page mobirisesite.com
  framer.app framer.website typedream.app softr.app bubbleapps.io glide.page zohosites.com
  hubspotpagebuilder.com ghost.io medium.com/@ telegra.ph wuaze.com run.app cloudfunctions.net
  amplifyapp.com azurestaticapps.net on-fleek.app 4everland.app mypinata.cloud gateway.pinata.cloud
  digitaloceanspaces.com linodeobjects.com backblazeb2.com wasabisys.com lovable.app
`.split(/\s+/).filter(Boolean);

/**
 * Open redirectors of big sites that phishing abuses to borrow their reputation: host (registered
 * domain or host suffix) and the path prefix of the redirect endpoint.
 */
export const KNOWN_REDIRECTORS: ReadonlyArray<{ host: string; path: string; name: string }> = [
  { host: 'google.com', path: '/url', name: 'Google' },
  { host: 'google.com', path: '/amp/', name: 'Google AMP' },
  { host: 'bing.com', path: '/ck/a', name: 'Bing' },
  { host: 'youtube.com', path: '/redirect', name: 'YouTube' },
  { host: 'facebook.com', path: '/l.php', name: 'Facebook' },
  { host: 'linkedin.com', path: '/redir', name: 'LinkedIn' },
  { host: 'doubleclick.net', path: '/', name: 'DoubleClick' },
  { host: 'duckduckgo.com', path: '/l/', name: 'DuckDuckGo' },
  { host: 'vk.com', path: '/away.php', name: 'VK' },
  { host: 'slack-redir.net', path: '/link', name: 'Slack' },
  { host: 'href.li', path: '/', name: 'href.li' },
  { host: 't.umblr.com', path: '/redirect', name: 'Tumblr' },
  { host: 'adnxs.com', path: '/', name: 'AppNexus' },
  { host: 'baidu.com', path: '/link', name: 'Baidu' },
];

/**
 * Security gateways that rewrite links in delivered mail (Microsoft Safe Links, Proofpoint, …): the
 * real destination is inside; unwrapping them is bookkeeping, not a finding.
 */
export const LINK_REWRITERS: readonly string[] = [
  'safelinks.protection.outlook.com', 'urldefense.proofpoint.com', 'urldefense.com', 'urldefense.us',
  'protect2.fireeye.com', 'linkprotect.cudasvc.com', 'secure-web.cisco.com', 'protect.checkpoint.com',
  'mimecastprotect.com',
];

/** Query parameters that commonly carry a redirect target. */
export const REDIRECT_PARAMS = set(`
  url u q redirect redirect_uri redirect_url redirecturl redir next target dest destination to goto link
  out r rurl return returnurl return_url return_to returnto continue forward uddg z ref_url adurl
`);

/**
 * Top-level domains with a poor record in abuse reports (cheap or free registration). Many legitimate
 * sites use them too, so this weighs little.
 */
export const SUSPICIOUS_TLDS = set(`
  top xyz click work rest zip mov gq tk ml cf ga icu cyou buzz monster sbs cfd bond quest lol shop online
  site store club fun space website pw su kim country stream download racing win bid loan men date review
  trade webcam party science accountant faith cricket best bar beauty hair makeup skin uno today digital
`);

/**
 * Dynamic-DNS services (a free name that follows whatever machine the owner points it at) and the
 * raw host names clouds and VPS hosts give their machines (`ec2-3-1-2-3.compute.amazonaws.com`):
 * organisations that mail their customers link to their own domains, never to these. Host suffixes.
 */
export const DYNAMIC_DNS_SUFFIXES: readonly string[] = `
  ddns.net hopto.org zapto.org sytes.net servegame.org serveftp.com myftp.org myftp.biz no-ip.org no-ip.biz
  no-ip.info noip.me redirectme.net servehttp.com serveblog.net servebeer.com bounceme.net ddnsking.com
  duckdns.org dynu.net freeddns.org dns.army dynv6.net ddnsfree.com mooo.com chickenkiller.com dyndns.org
  dyndns.info homeip.net dynalias.com changeip.com 3utilities.com gotdns.ch ooguy.com linkpc.net kozow.com
  loseyourip.com ydns.eu myddns.me webhop.me 1u.ms nip.io sslip.io xip.io
  compute.amazonaws.com compute-1.amazonaws.com cloudapp.azure.com cloudapp.net bc.googleusercontent.com
  vultrusercontent.com ip.linodeusercontent.com host.secureserver.net vps.ovh.net vps.ovh.ca your-server.de
  contaboserver.net
`.split(/\s+/).filter(Boolean);

/** Cloud object storage (host suffixes): buckets serve files, so a page there is someone's upload. */
export const STORAGE_BUCKET_SUFFIXES: readonly string[] = `
  s3.amazonaws.com storage.googleapis.com firebasestorage.googleapis.com blob.core.windows.net
  web.core.windows.net r2.dev digitaloceanspaces.com linodeobjects.com backblazeb2.com wasabisys.com
  storage.cloud.google.com objectstorage.oraclecloud.com
`.split(/\s+/).filter(Boolean);
