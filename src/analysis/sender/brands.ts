/**
 * Well-known brands phishing imitates, with the registered domains they really send from and link to.
 *
 * - `keys`: domain labels that stand for the brand (`paypal`); look-alike checks compare a domain's
 *   registered label with these. Default: the first domain's label.
 * - `aliases`: lower-case phrases that name the brand in a display name (`office 365`). Default: the
 *   name, lower-cased.
 * - `ambiguous`: the name is also an ordinary word or a person's name (Chase, Target, Orange) or is
 *   very short (UPS, DHL): display names must consist of the brand (plus a service word such as
 *   "support") to count, and affix matches need an affix from the phishing vocabulary.
 *
 * A domain whose label equals a key on a country-code suffix (`amazon.de`, `paypal.co.uk`) is treated
 * as the brand's own (see lookalike.ts); listing every country domain here is not needed.
 */

export interface Brand {
  name: string;
  keys: readonly string[];
  domains: readonly string[];
  aliases: readonly string[];
  ambiguous: boolean;
}

interface BrandOptions {
  /** Space-separated keys; default the first domain's label. */
  keys?: string;
  /** Comma-separated display-name phrases; default the name. */
  aliases?: string;
  ambiguous?: true;
}

function brand(name: string, domains: string, options: BrandOptions = {}): Brand {
  const domainList = domains.split(/\s+/).filter(Boolean);
  const firstLabel = (domainList[0] ?? '').split('.')[0] ?? '';
  return {
    name,
    domains: domainList,
    keys: options.keys ? options.keys.split(/\s+/) : [firstLabel],
    aliases: (options.aliases ?? name).split(',').map((a) => a.trim().toLowerCase()).filter(Boolean),
    ambiguous: options.ambiguous === true,
  };
}

export const BRANDS: readonly Brand[] = [
  // Technology, accounts, cloud
  brand('Microsoft', 'microsoft.com microsoftonline.com live.com outlook.com office.com office365.com hotmail.com msn.com onmicrosoft.com sharepoint.com onedrive.com skype.com windows.com azure.com xbox.com bing.com microsoft365.com msft.net windowsazure.com sharepointonline.com mcas.ms', { keys: 'microsoft office365 microsoft365 outlook onedrive sharepoint hotmail', aliases: 'microsoft, office 365, office365, microsoft 365, microsoft365, outlook, onedrive, one drive, sharepoint, share point, hotmail, microsoft teams, windows defender, azure' }),
  brand('Google', 'google.com gmail.com googlemail.com youtube.com goo.gl g.co googleusercontent.com gstatic.com googleapis.com blogger.com google.co.uk withgoogle.com googlegroups.com gmodules.com ggpht.com', { keys: 'google gmail googlemail', aliases: 'google, gmail, google drive, google docs, google workspace, g suite' }),
  brand('Apple', 'apple.com icloud.com me.com mac.com itunes.com apple.news appstore.com cdn-apple.com mzstatic.com apple-cloudkit.com', { keys: 'apple icloud itunes appleid', aliases: 'apple, icloud, itunes, apple id, app store, apple pay', ambiguous: true }),
  brand('Amazon', 'amazon.com amazonaws.com amazonses.com a2z.com primevideo.com audible.com amazon.co.uk amazon.de amazon.co.jp amazon.com.br amazon.com.mx amazon.com.au amazontrust.com media-amazon.com ssl-images-amazon.com images-amazon.com amazon.jobs', { keys: 'amazon amazonprime', aliases: 'amazon, amazon prime, prime video, amazon pay, aws, amazon web services' }),
  brand('PayPal', 'paypal.com paypal.me paypalobjects.com paypal-community.com paypal-prepaid.com xoom.com', { keys: 'paypal' }),
  brand('Netflix', 'netflix.com netflix.net nflxext.com nflximg.net nflxso.net', { keys: 'netflix' }),
  brand('Facebook', 'facebook.com fb.com facebookmail.com fbcdn.net meta.com messenger.com fb.me', { keys: 'facebook facebookmail', aliases: 'facebook, meta, meta business, facebook ads' }),
  brand('Instagram', 'instagram.com cdninstagram.com', { keys: 'instagram' }),
  brand('WhatsApp', 'whatsapp.com whatsapp.net wa.me', { keys: 'whatsapp' }),
  brand('LinkedIn', 'linkedin.com licdn.com lnkd.in', { keys: 'linkedin' }),
  brand('Twitter', 'twitter.com x.com t.co twimg.com', { keys: 'twitter' }),
  brand('TikTok', 'tiktok.com tiktokcdn.com', { keys: 'tiktok' }),
  brand('Snapchat', 'snapchat.com snap.com', { keys: 'snapchat' }),
  brand('Dropbox', 'dropbox.com dropboxmail.com dropboxusercontent.com db.tt', { keys: 'dropbox' }),
  brand('DocuSign', 'docusign.com docusign.net', { keys: 'docusign', aliases: 'docusign, docu sign' }),
  brand('Adobe', 'adobe.com adobesign.com echosign.com adobelogin.com acrobat.com typekit.net', { keys: 'adobe adobesign', aliases: 'adobe, adobe sign, adobe acrobat, adobe document cloud' }),
  brand('WeTransfer', 'wetransfer.com we.tl', { keys: 'wetransfer' }),
  brand('Zoom', 'zoom.us zoom.com zoomgov.com', { keys: 'zoom', ambiguous: true }),
  brand('Slack', 'slack.com slack-edge.com', { keys: 'slack', ambiguous: true }),
  brand('Spotify', 'spotify.com scdn.co', { keys: 'spotify' }),
  brand('Yahoo', 'yahoo.com yahoo.co.jp yimg.com yahoodns.net', { keys: 'yahoo', aliases: 'yahoo, yahoo mail' }),
  brand('AOL', 'aol.com aol.net', { keys: 'aol', ambiguous: true }),
  brand('Proton', 'proton.me protonmail.com protonmail.ch', { keys: 'protonmail', aliases: 'protonmail, proton mail' }),
  brand('Zoho', 'zoho.com zoho.eu zohomail.com', { keys: 'zoho' }),
  brand('GoDaddy', 'godaddy.com secureserver.net', { keys: 'godaddy' }),
  brand('Namecheap', 'namecheap.com', { keys: 'namecheap' }),
  brand('Cloudflare', 'cloudflare.com cloudflare.net', { keys: 'cloudflare' }),
  brand('GitHub', 'github.com github.io githubusercontent.com', { keys: 'github' }),
  brand('Atlassian', 'atlassian.com atlassian.net jira.com trello.com bitbucket.org', { keys: 'atlassian', aliases: 'atlassian, jira, confluence, trello' }),
  brand('Salesforce', 'salesforce.com force.com exacttarget.com', { keys: 'salesforce' }),
  brand('Intuit', 'intuit.com quickbooks.com turbotax.com mint.com creditkarma.com', { keys: 'intuit quickbooks turbotax', aliases: 'intuit, quickbooks, turbotax' }),
  brand('Norton', 'norton.com nortonlifelock.com gen.com symantec.com', { keys: 'norton nortonlifelock', aliases: 'norton, norton 360, norton antivirus, lifelock', ambiguous: true }),
  brand('McAfee', 'mcafee.com', { keys: 'mcafee', aliases: 'mcafee, mcafee total protection' }),
  brand('Avast', 'avast.com avg.com', { keys: 'avast' }),
  brand('Kaspersky', 'kaspersky.com', { keys: 'kaspersky' }),
  brand('Bitdefender', 'bitdefender.com', { keys: 'bitdefender' }),
  brand('Geek Squad', 'geeksquad.com bestbuy.com', { keys: 'geeksquad', aliases: 'geek squad, geeksquad' }),
  brand('Cisco Webex', 'webex.com cisco.com', { keys: 'webex cisco', aliases: 'webex, cisco' }),
  brand('Samsung', 'samsung.com', { keys: 'samsung' }),
  brand('Dell', 'dell.com', { keys: 'dell', ambiguous: true }),
  brand('HP', 'hp.com hpe.com', { keys: 'hp', ambiguous: true }),
  brand('Lenovo', 'lenovo.com', { keys: 'lenovo' }),
  brand('Canva', 'canva.com', { keys: 'canva' }),
  brand('Notion', 'notion.so notion.com', { keys: 'notion', ambiguous: true }),
  brand('Mailchimp', 'mailchimp.com list-manage.com mcsv.net', { keys: 'mailchimp' }),
  brand('Discord', 'discord.com discord.gg discordapp.com', { keys: 'discord discordapp' }),
  brand('Telegram', 'telegram.org t.me', { keys: 'telegram' }),
  brand('Steam', 'steampowered.com steamcommunity.com', { keys: 'steampowered steamcommunity', aliases: 'steam, steam support, steam community', ambiguous: true }),
  brand('Roblox', 'roblox.com', { keys: 'roblox' }),
  brand('Epic Games', 'epicgames.com unrealengine.com', { keys: 'epicgames', aliases: 'epic games' }),
  brand('PlayStation', 'playstation.com sony.com sonyentertainmentnetwork.com', { keys: 'playstation', aliases: 'playstation, playstation network, sony' }),
  brand('Nintendo', 'nintendo.com nintendo.net', { keys: 'nintendo' }),
  brand('Twitch', 'twitch.tv', { keys: 'twitch' }),
  brand('Reddit', 'reddit.com redditmail.com', { keys: 'reddit' }),
  brand('Pinterest', 'pinterest.com', { keys: 'pinterest' }),
  // Retail, travel, delivery apps
  brand('eBay', 'ebay.com ebay.co.uk ebay.de ebaystatic.com', { keys: 'ebay' }),
  brand('Walmart', 'walmart.com', { keys: 'walmart' }),
  brand('Costco', 'costco.com', { keys: 'costco' }),
  brand('Target', 'target.com', { keys: 'target', ambiguous: true }),
  brand('Best Buy', 'bestbuy.com', { keys: 'bestbuy', aliases: 'best buy, bestbuy' }),
  brand('Home Depot', 'homedepot.com', { keys: 'homedepot', aliases: 'home depot, the home depot' }),
  brand("Lowe's", 'lowes.com', { keys: 'lowes', aliases: 'lowes', ambiguous: true }),
  brand('IKEA', 'ikea.com', { keys: 'ikea' }),
  brand('AliExpress', 'aliexpress.com alibaba.com alipay.com', { keys: 'aliexpress alibaba alipay', aliases: 'aliexpress, alibaba, alipay' }),
  brand('Shopify', 'shopify.com myshopify.com', { keys: 'shopify' }),
  brand('Etsy', 'etsy.com', { keys: 'etsy' }),
  brand('Temu', 'temu.com', { keys: 'temu' }),
  brand('Shein', 'shein.com', { keys: 'shein' }),
  brand('Booking.com', 'booking.com bstatic.com', { keys: 'booking', aliases: 'booking.com', ambiguous: true }),
  brand('Airbnb', 'airbnb.com', { keys: 'airbnb' }),
  brand('Expedia', 'expedia.com', { keys: 'expedia' }),
  brand('Uber', 'uber.com', { keys: 'uber', aliases: 'uber, uber eats', ambiguous: true }),
  brand('DoorDash', 'doordash.com', { keys: 'doordash' }),
  brand('Disney+', 'disneyplus.com disney.com go.com', { keys: 'disneyplus', aliases: 'disney+, disney plus, disneyplus' }),
  brand('HBO Max', 'max.com hbomax.com hbo.com', { keys: 'hbomax', aliases: 'hbo max, hbo' }),
  brand('Hulu', 'hulu.com', { keys: 'hulu' }),
  // Banks and payments
  brand('Chase', 'chase.com jpmorgan.com jpmorganchase.com', { keys: 'chase', aliases: 'chase, chase bank, jpmorgan chase', ambiguous: true }),
  brand('Bank of America', 'bankofamerica.com bofa.com ml.com', { keys: 'bankofamerica', aliases: 'bank of america, bankofamerica' }),
  brand('Wells Fargo', 'wellsfargo.com wf.com', { keys: 'wellsfargo', aliases: 'wells fargo, wellsfargo' }),
  brand('Citi', 'citi.com citibank.com citigroup.com', { keys: 'citibank', aliases: 'citi, citibank', ambiguous: true }),
  brand('Capital One', 'capitalone.com', { keys: 'capitalone', aliases: 'capital one, capitalone' }),
  brand('American Express', 'americanexpress.com aexp.com amex.com', { keys: 'americanexpress', aliases: 'american express, amex' }),
  brand('Discover', 'discover.com', { keys: 'discover', ambiguous: true }),
  brand('USAA', 'usaa.com', { keys: 'usaa' }),
  brand('Navy Federal', 'navyfederal.org', { keys: 'navyfederal', aliases: 'navy federal' }),
  brand('HSBC', 'hsbc.com hsbc.co.uk', { keys: 'hsbc' }),
  brand('Barclays', 'barclays.com barclays.co.uk barclaycard.co.uk', { keys: 'barclays' }),
  brand('Lloyds', 'lloydsbank.com lloydsbank.co.uk lloydsbankinggroup.com', { keys: 'lloydsbank', aliases: 'lloyds, lloyds bank' }),
  brand('NatWest', 'natwest.com', { keys: 'natwest' }),
  brand('Santander', 'santander.com santander.co.uk santander.com.br', { keys: 'santander' }),
  brand('BBVA', 'bbva.com bbva.es', { keys: 'bbva' }),
  brand('ING', 'ing.com ing.nl ing.de', { keys: 'ing', ambiguous: true }),
  brand('Deutsche Bank', 'db.com deutsche-bank.de', { keys: 'deutschebank', aliases: 'deutsche bank' }),
  brand('Commerzbank', 'commerzbank.de commerzbank.com', { keys: 'commerzbank' }),
  brand('Sparkasse', 'sparkasse.de', { keys: 'sparkasse' }),
  brand('Postbank', 'postbank.de', { keys: 'postbank' }),
  brand('Rabobank', 'rabobank.nl rabobank.com', { keys: 'rabobank' }),
  brand('ABN AMRO', 'abnamro.nl abnamro.com', { keys: 'abnamro', aliases: 'abn amro' }),
  brand('BNP Paribas', 'bnpparibas.com bnpparibas.fr', { keys: 'bnpparibas', aliases: 'bnp paribas' }),
  brand('Crédit Agricole', 'credit-agricole.fr credit-agricole.com', { keys: 'creditagricole', aliases: 'credit agricole' }),
  brand('Société Générale', 'societegenerale.fr societegenerale.com', { keys: 'societegenerale', aliases: 'societe generale' }),
  brand('UniCredit', 'unicredit.it unicreditgroup.eu', { keys: 'unicredit' }),
  brand('Intesa Sanpaolo', 'intesasanpaolo.com', { keys: 'intesasanpaolo', aliases: 'intesa sanpaolo' }),
  brand('Bradesco', 'bradesco.com.br bradescocartoes.com.br', { keys: 'bradesco' }),
  brand('Itaú', 'itau.com.br', { keys: 'itau', aliases: 'itau' }),
  brand('Banco do Brasil', 'bb.com.br', { keys: 'bancodobrasil', aliases: 'banco do brasil' }),
  brand('Caixa', 'caixa.gov.br', { keys: 'caixa', aliases: 'caixa, caixa economica', ambiguous: true }),
  brand('Nubank', 'nubank.com.br nu.com.mx', { keys: 'nubank' }),
  brand('RBC', 'rbc.com royalbank.com rbcroyalbank.com', { keys: 'rbcroyalbank royalbank', aliases: 'rbc, rbc royal bank, royal bank of canada' }),
  brand('TD Bank', 'td.com tdbank.com', { keys: 'tdbank', aliases: 'td bank, td canada trust' }),
  brand('Scotiabank', 'scotiabank.com', { keys: 'scotiabank' }),
  brand('BMO', 'bmo.com', { keys: 'bmo', aliases: 'bmo, bank of montreal' }),
  brand('Desjardins', 'desjardins.com', { keys: 'desjardins' }),
  brand('Interac', 'interac.ca', { keys: 'interac', aliases: 'interac, interac e-transfer' }),
  brand('CommBank', 'commbank.com.au', { keys: 'commbank', aliases: 'commbank, commonwealth bank' }),
  brand('Westpac', 'westpac.com.au', { keys: 'westpac' }),
  brand('Visa', 'visa.com', { keys: 'visa', ambiguous: true }),
  brand('Mastercard', 'mastercard.com', { keys: 'mastercard' }),
  brand('Stripe', 'stripe.com', { keys: 'stripe', ambiguous: true }),
  brand('Venmo', 'venmo.com', { keys: 'venmo' }),
  brand('Zelle', 'zellepay.com', { keys: 'zellepay', aliases: 'zelle' }),
  brand('Cash App', 'cash.app square.com squareup.com', { keys: 'cashapp', aliases: 'cash app, cashapp' }),
  brand('Wise', 'wise.com transferwise.com', { keys: 'transferwise', aliases: 'transferwise', ambiguous: true }),
  brand('Revolut', 'revolut.com', { keys: 'revolut' }),
  brand('Klarna', 'klarna.com', { keys: 'klarna' }),
  brand('Western Union', 'westernunion.com wu.com', { keys: 'westernunion', aliases: 'western union' }),
  brand('MoneyGram', 'moneygram.com', { keys: 'moneygram' }),
  brand('Payoneer', 'payoneer.com', { keys: 'payoneer' }),
  // Crypto
  brand('Coinbase', 'coinbase.com', { keys: 'coinbase' }),
  brand('Binance', 'binance.com', { keys: 'binance' }),
  brand('MetaMask', 'metamask.io consensys.io', { keys: 'metamask' }),
  brand('Blockchain.com', 'blockchain.com', { keys: 'blockchain', aliases: 'blockchain.com', ambiguous: true }),
  brand('Trust Wallet', 'trustwallet.com', { keys: 'trustwallet', aliases: 'trust wallet' }),
  brand('Ledger', 'ledger.com', { keys: 'ledger', ambiguous: true }),
  brand('Kraken', 'kraken.com', { keys: 'kraken', ambiguous: true }),
  brand('Crypto.com', 'crypto.com', { keys: 'cryptocom', aliases: 'crypto.com' }),
  brand('OpenSea', 'opensea.io', { keys: 'opensea' }),
  // Delivery and post
  brand('DHL', 'dhl.com dhl.de dhl.co.uk dhl.fr dhl.nl dhlparcel.nl dhl-news.com', { keys: 'dhl', aliases: 'dhl, dhl express, dhl parcel' }),
  brand('FedEx', 'fedex.com', { keys: 'fedex', aliases: 'fedex, fed ex' }),
  brand('UPS', 'ups.com', { keys: 'ups', ambiguous: true }),
  brand('USPS', 'usps.com usps.gov', { keys: 'usps', aliases: 'usps, us postal service, united states postal service' }),
  brand('Royal Mail', 'royalmail.com royalmail.co.uk', { keys: 'royalmail', aliases: 'royal mail' }),
  brand('Canada Post', 'canadapost.ca canadapost-postescanada.ca postescanada.ca', { keys: 'canadapost', aliases: 'canada post, postes canada' }),
  brand('Australia Post', 'auspost.com.au', { keys: 'auspost', aliases: 'australia post, auspost' }),
  brand('La Poste', 'laposte.fr laposte.net colissimo.fr', { keys: 'laposte colissimo', aliases: 'la poste, colissimo' }),
  brand('Correos', 'correos.es', { keys: 'correos', ambiguous: true }),
  brand('Poste Italiane', 'poste.it posteitaliane.it', { keys: 'posteitaliane', aliases: 'poste italiane' }),
  brand('Deutsche Post', 'deutschepost.de', { keys: 'deutschepost', aliases: 'deutsche post' }),
  brand('PostNL', 'postnl.nl postnl.com', { keys: 'postnl' }),
  brand('DPD', 'dpd.com dpd.co.uk dpd.de', { keys: 'dpd', ambiguous: true }),
  brand('Evri', 'evri.com myhermes.co.uk', { keys: 'evri', ambiguous: true }),
  brand('Aramex', 'aramex.com', { keys: 'aramex' }),
  brand('CTT', 'ctt.pt', { keys: 'ctt', aliases: 'ctt, ctt correios', ambiguous: true }),
  brand('Maersk', 'maersk.com', { keys: 'maersk' }),
  // Telecom
  brand('AT&T', 'att.com att.net', { keys: 'att', aliases: 'at&t, att', ambiguous: true }),
  brand('Verizon', 'verizon.com verizonwireless.com verizon.net', { keys: 'verizon' }),
  brand('T-Mobile', 't-mobile.com', { keys: 'tmobile', aliases: 't-mobile, tmobile' }),
  brand('Xfinity', 'xfinity.com comcast.com comcast.net', { keys: 'xfinity comcast', aliases: 'xfinity, comcast' }),
  brand('Spectrum', 'spectrum.com spectrum.net charter.com', { keys: 'spectrum', ambiguous: true }),
  brand('Vodafone', 'vodafone.com vodafone.de vodafone.co.uk', { keys: 'vodafone' }),
  brand('Orange', 'orange.fr orange.com', { keys: 'orange', ambiguous: true }),
  brand('Telstra', 'telstra.com.au telstra.com', { keys: 'telstra' }),
  brand('Telekom', 'telekom.de t-online.de telekom.com', { keys: 'telekom', aliases: 'telekom, deutsche telekom, t-online' }),
  brand('Movistar', 'movistar.es movistar.com', { keys: 'movistar' }),
  // Government and tax
  brand('IRS', 'irs.gov', { keys: 'irs', aliases: 'irs, internal revenue service', ambiguous: true }),
  brand('HMRC', 'hmrc.gov.uk gov.uk', { keys: 'hmrc', aliases: 'hmrc, hm revenue' }),
  brand('Social Security', 'ssa.gov', { keys: 'ssa', aliases: 'social security administration', ambiguous: true }),
  brand('Service Canada', 'canada.ca gc.ca', { keys: 'servicecanada', aliases: 'service canada, canada revenue agency' }),
  brand('ATO', 'ato.gov.au mygov.au my.gov.au', { keys: 'mygov', aliases: 'australian taxation office, mygov' }),
  brand('Impots', 'impots.gouv.fr', { keys: 'impots', aliases: 'impots.gouv, dgfip' }),
  brand('Ameli', 'ameli.fr', { keys: 'ameli', aliases: 'ameli, assurance maladie' }),
  // Latin America (frequent in honeypot mail)
  brand('Mercado Pago', 'mercadopago.com mercadopago.com.br mercadolibre.com mercadolivre.com.br', { keys: 'mercadopago mercadolivre mercadolibre', aliases: 'mercado pago, mercado livre, mercado libre' }),
  brand('Correios', 'correios.com.br', { keys: 'correios', aliases: 'correios' }),
  brand('Serasa', 'serasa.com.br serasaexperian.com.br', { keys: 'serasa' }),
  brand('Magalu', 'magazineluiza.com.br magalu.com', { keys: 'magazineluiza magalu', aliases: 'magalu, magazine luiza' }),
  brand('Americanas', 'americanas.com.br', { keys: 'americanas', ambiguous: true }),
  brand('Shopee', 'shopee.com shopee.com.br', { keys: 'shopee' }),
  brand('Receita Federal', 'gov.br receita.fazenda.gov.br', { keys: 'receitafederal', aliases: 'receita federal' }),
  // Retail and rewards often used as prize bait
  brand('Starbucks', 'starbucks.com', { keys: 'starbucks' }),
  brand('State Farm', 'statefarm.com', { keys: 'statefarm', aliases: 'state farm' }),
  brand('Lidl', 'lidl.com lidl.de', { keys: 'lidl' }),
  brand('Aldi', 'aldi.com aldi-nord.de aldi-sued.de aldi.us', { keys: 'aldi' }),
  brand('Rewe', 'rewe.de', { keys: 'rewe' }),
  brand('Edeka', 'edeka.de', { keys: 'edeka' }),
  brand('GLS', 'gls-group.eu gls-group.com gls-pakete.de', { keys: 'gls', ambiguous: true }),
];
