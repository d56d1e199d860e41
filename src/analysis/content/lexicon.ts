/**
 * Phrase lists for the content inspector, by lure family. Patterns are matched against normalised
 * text (lower case, accents removed, whitespace collapsed; see normaliseForMatching), so they are
 * written in lower case without accents. English first, then the languages phishing honeypots see
 * most (Portuguese, Spanish, German, French, Dutch, Italian).
 *
 * Every pattern is a plain alternation of literal words with `\s` and optional letters: no nested
 * quantifiers, so matching is linear in the text (the text is also capped, see content/index.ts).
 */

export interface LureFamily {
  /** Finding type when the family matches. */
  type: string;
  /** Sentence start for the description; the matched phrases are appended. */
  label: string;
  patterns: RegExp;
}

const words = (list: string[]) => new RegExp(`(?:^|[^a-z0-9])(${list.join('|')})(?=$|[^a-z0-9])`, 'g');

export const LURE_FAMILIES: readonly LureFamily[] = [
  {
    type: 'credential_lure',
    label: 'Asks the reader to sign in, verify or update account details',
    patterns: words([
      'verify your (?:account|identity|email|e-mail|mailbox|information|details)', 'confirm your (?:account|identity|email|e-mail|password|details|information|mailbox)',
      'update your (?:account|payment|billing|information|details|password)', 'validate your (?:account|mailbox|email|e-mail)',
      'your (?:account|mailbox|password) (?:has been|was|will be) (?:suspended|locked|limited|disabled|deactivated|closed|restricted|terminated|deleted)',
      '(?:account|mailbox) (?:suspended|locked|limited|verification|deactivation)', 'unusual (?:sign-in|login|activity)', 'suspicious (?:activity|login|sign-in)',
      'password (?:expires|expired|expiration|will expire)', 'mailbox (?:is )?(?:full|quota|storage)', 'storage (?:is )?full', 'email quota',
      're-?activate', 'log ?in to (?:your|continue|verify)', 'sign ?in to (?:your|continue|verify)', 'keep (?:your )?(?:same )?password',
      'pending (?:messages|emails|incoming)', 'undelivered (?:messages|mail|emails)', 'incoming messages (?:were|have been) (?:held|blocked)',
      'verifique sua conta', 'confirme seus dados', 'atualize seus dados', 'sua conta (?:foi|sera) (?:bloqueada|suspensa)',
      'verifique su cuenta', 'actualice sus datos', 'su cuenta (?:ha sido|sera) (?:bloqueada|suspendida)',
      'konto (?:wurde|wird) (?:gesperrt|eingeschrankt)', 'bestatigen sie ihre', 'daten (?:aktualisieren|bestatigen)',
      'verifiez votre compte', 'votre compte (?:a ete|sera) (?:suspendu|bloque)', 'mettre a jour vos (?:informations|donnees)',
      'uw account (?:is|wordt) (?:geblokkeerd|opgeschort)', 'verifieer uw', 'verifica il tuo account',
      'verify your wallet', 'wallet (?:verification|validation|synchroni[sz]ation|connect)', 'verification (?:process|procedure) (?:for|of) your',
      'complete (?:the |your )?verification', 'your (?:wallet|card) (?:has been|was|will be) (?:suspended|locked|restricted|disabled)',
      'acesso suspeito', 'bloqueamos', 'acesso (?:bloqueado|suspenso)', 'dispositivo nao reconhecido', 'acceso sospechoso',
      'confirm (?:your )?(?:login|credentials)', 'enter your (?:password|credentials|login)', 'security (?:alert|check|update) (?:required|needed)',
      'detectamos um (?:novo )?acesso', 'novo dispositivo', 'atualizacao cadastral', 'atualize (?:seu|o seu) cadastro', 'confirme sua identidade', 'seu acesso (?:foi|sera)',
      'new sign-in (?:to|on) your', 'sign-in attempt', 'nuevo inicio de sesion', 'neue anmeldung', 'nouvelle connexion',
      'senha (?:expira|expirara|vai expirar|expirou|expirada)', 'contrasena (?:expira|expirara|caduca|ha caducado)',
      '(?:passwort|kennwort) (?:lauft|ist) (?:bald )?ab', 'mot de passe (?:expire|a expire|va expirer)', 'password (?:scade|e scaduta)',
      'wachtwoord (?:verloopt|is verlopen)',
      '(?:connexion|activite)s? inhabituelles?', 'actividad (?:inusual|sospechosa)', 'inicio de sesion (?:inusual|sospechoso)',
      'atividade (?:incomum|suspeita)', 'acesso incomum', 'ungewohnliche (?:anmeldung|aktivitat)', 'verdachtige (?:aanmelding|activiteit)',
      'attivita (?:insolita|sospetta)', 'accesso (?:insolito|sospetto)',
    ]),
  },
  {
    type: 'urgency_lure',
    label: 'Pressures the reader to act at once',
    patterns: words([
      'urgent(?:ly)?', 'immediately', 'act now', 'action (?:required|needed)', 'final (?:notice|warning|reminder)', 'last (?:chance|warning|notice)',
      'within (?:24|48|72|12) hours', 'in the next (?:24|48|72) hours', 'expires? (?:today|soon|in)', 'will be (?:suspended|closed|deleted|terminated) (?:within|in|if)',
      'failure to (?:comply|respond|verify|update)', 'respond (?:asap|immediately|urgently)', 'time[- ]sensitive', 'don\'?t miss (?:out|this)', 'only today',
      'ultima (?:chance|oportunidade|oportunidad)', 'urgente', 'imediatamente', 'inmediatamente', 'dringend', 'sofort', 'letzte (?:chance|mahnung|erinnerung)',
      'derniere chance', 'immediatement', 'laatste kans', 'onmiddellijk', 'ultima possibilita', 'subito', 'prazo de (?:24|48|72) horas', 'apenas hoje', 'solo hoy',
      'expiram? (?:em breve|hoje|amanha)', 'ultimo aviso', 'vence(?:m)? hoje', 'caduca(?:n)? hoy', 'lauft heute ab', 'expire(?:nt)? aujourd\'hui',
    ]),
  },
  {
    type: 'payment_lure',
    label: 'Talks about payments, invoices or billing problems',
    patterns: words([
      'payment (?:failed|declined|pending|information|details|method|overdue)', 'billing (?:problem|issue|information|details)', 'overdue (?:invoice|payment)',
      'outstanding (?:invoice|balance|payment)', 'unpaid invoice', 'invoice (?:attached|due|#)', 'wire transfer', 'bank transfer', 'swift code',
      'refund (?:request|pending|of|is)', 'tax refund', 'card (?:has been |was )?(?:declined|expired|blocked)', 'subscription (?:has expired|expired|renewal|cancell?ed)',
      'pagamento (?:pendente|recusado)', 'fatura (?:em aberto|vencida|pendente)', 'boleto', 'pago (?:pendiente|rechazado)', 'factura pendiente',
      'zahlung (?:fehlgeschlagen|ausstehend)', 'rechnung (?:offen|ausstehend)', 'mahnung', 'paiement (?:refuse|en attente)', 'facture impayee', 'betaling (?:mislukt|openstaand)',
    ]),
  },
  {
    type: 'prize_lure',
    label: 'Promises a prize, reward or gift',
    patterns: words([
      'congratulations?', 'you(?:\'ve| have)? (?:been selected|won|are (?:a|the|our) (?:lucky )?winner)', 'winner', 'prize', 'reward', 'gift ?card', 'free gift',
      'claim (?:your|now|it)', 'lucky', 'sweepstakes?', 'lottery', 'jackpot', 'selected (?:to receive|for)', 'survey (?:reward|and receive)', 'loyalty (?:program|points|reward)',
      'points? (?:expire|expiring|acumulados)', 'parabens', 'premio', 'recompensa', 'brinde', 'felicidades', 'ganador', 'sorteo', 'gewinner', 'gewinnspiel', 'gewinnen sie',
      'gutschein', 'herzlichen gluckwunsch', 'wir gratulieren', 'felicitations', 'gagnant', 'cadeau', 'gefeliciteerd', 'winnaar', 'cadeaubon', 'vincitore', 'complimenti',
      'pontos (?:expiram|acumulados)', 'resgat(?:e|ar) (?:seus |os )?pontos', 'voce ganhou', 'voce foi selecionad[oa]', 'sie wurden ausgewahlt', 'sie haben gewonnen',
      'has ganado', 'vous avez gagne', 'je hebt gewonnen',
    ]),
  },
  {
    type: 'advance_fee_lure',
    label: 'Reads like an advance-fee or inheritance scam',
    patterns: words([
      'next of kin', 'beneficiary', 'inheritance', 'barrister', 'attorney at law', 'compensation (?:fund|payment)', 'consignment', 'diplomat(?:ic)?', 'deceased',
      'late (?:husband|client|father)', 'million (?:united states )?(?:dollars|usd|euros|pounds)', 'usd ?\\d', '\\$ ?\\d{1,3}(?:,\\d{3}){2,}', '\\d{1,3}(?:,\\d{3}){2,}(?:\\.\\d\\d)? (?:usd|dollars|euros)',
      'investment (?:proposal|proposition|opportunity)', 'business proposal', 'confidential (?:business|transaction)', 'transfer (?:of )?(?:the )?funds', 'fund transfer',
      'atm (?:card|visa)', 'western union', 'moneygram', 'kindly', 'reply (?:to|with) your (?:full name|details)',
      'get back to me', 'private email', 'united nations', 'imf', 'world bank',
      'claim your (?:share|funds|payment|compensation|assets|refund)', 'withdraw(?:al)? (?:your|of your|instructions|request)', 'ready for withdrawal',
      '(?:assets|funds|payment) (?:are |is |has been )?(?:approved|released|unclaimed|available for)', 'unclaimed (?:funds|assets|package|parcel)',
      'claim (?:form|instructions|bar date|number)', 'priority claim',
    ]),
  },
  {
    type: 'crypto_lure',
    label: 'Mentions cryptocurrency wallets, airdrops or payments',
    patterns: words([
      'bitcoin', 'btc', 'ethereum', 'eth', 'usdt', 'crypto(?:currency)?', 'wallet (?:address|connect)', 'airdrop', 'staking', 'metamask', 'trust ?wallet', 'seed phrase',
      'recovery phrase', 'blockchain', 'binance', 'coinbase', 'xrp', 'steth',
    ]),
  },
  {
    type: 'delivery_lure',
    label: 'Claims a parcel or delivery needs attention',
    patterns: words([
      '(?:parcel|package|shipment|delivery) (?:is )?(?:on hold|pending|could not be delivered|failed|suspended|awaiting)', 'delivery (?:attempt|fee|failure)', 'customs (?:fee|duty|charge)',
      'redelivery', 'tracking number', 'shipping (?:fee|address)', 'encomenda', 'entrega pendente', 'paquete', 'envio pendiente', 'sendung', 'paket', 'zustellung', 'colis', 'livraison', 'pakket', 'bezorging',
    ]),
  },
  {
    type: 'document_lure',
    label: 'Points to a shared document, voicemail or signature request',
    patterns: words([
      'shared (?:a )?(?:document|file|folder) with you', 'view (?:the )?(?:document|file|shared)', 'review (?:and sign|the document|document)', 'docusign', 'signature (?:request|required)',
      'sign (?:the )?document', 'voice ?mail', 'voice message', 'fax (?:message|received)', 'secure (?:message|document)', 'encrypted (?:message|document)', 'onedrive', 'sharepoint',
      'dropbox', 'wetransfer', 'open (?:the )?attach(?:ed|ment)', 'download (?:the )?(?:document|file|attachment)', 'scanned (?:document|copy)', 'purchase order', 'remittance',
      'intimacao', 'processo judicial', 'mandado de', 'multa de transito', 'notificacao de multa', 'citacao judicial', 'court (?:notice|hearing|summons)',
      'subpoena', 'legal action', 'lawsuit (?:against|filed)', 'arrest warrant', 'citacion judicial', 'gerichtliche', 'mise en demeure',
    ]),
  },
  {
    type: 'spam_marketing',
    label: 'Uses hard-sell marketing language',
    patterns: words([
      'click here', 'order now', 'buy now', 'shop now', 'limited time', 'special offer', 'exclusive (?:offer|deal)', 'best price', 'lowest price', 'discount', '\\d{2}% off',
      'free (?:shipping|trial|quote|access|money|offer)', '100% (?:free|guaranteed|satisfaction)', 'risk[- ]free', 'no (?:cost|obligation|credit check)', 'money[- ]back guarantee',
      'guarantee(?:d)?', 'earn (?:extra )?(?:cash|money|\\$)', 'make money', 'work from home', 'extra income', 'double your', 'cash bonus', 'credit (?:card )?offers?',
      'lose weight', 'weight loss', 'viagra', 'cialis', 'pharmacy', 'pills', 'prescription', 'enlarge', 'casino', 'dating', 'singles', 'mortgage', 'refinance', 'low rates?',
      'debt', 'loans?', 'insurance quote', 'save (?:big|up to)', 'amazing', 'incredible', 'miracle', 'act fast', 'while supplies last', 'once in a lifetime', 'as seen on',
      'this is not spam', 'to be removed', 'remove (?:me|yourself)', 'opt[- ]?out',
      'desconto', 'oferta', 'promocao', 'gratis', 'descuento', 'promocion', 'angebot', 'rabatt', 'kostenlos', 'offre', 'gratuit', 'remise', 'aanbieding', 'korting', 'sconto', 'offerta',
      'clique aqui', 'acesse agora', 'aproveite', 'oferta exclusiva', 'condicao especial', 'tabela promocional', 'sem juros', 'juros baixos', 'credito pre[- ]?aprovado',
      'plano de saude', 'haga clic aqui', 'compre ahora', 'oferta especial', 'jetzt kaufen', 'hier klicken', 'sonderangebot', 'jetzt sichern', 'cliquez ici',
      'offre speciale', 'klik hier', 'nu kopen', 'clicca qui', 'freispiele', 'bonus de boas[- ]vindas', 'welcome bonus', 'free spins',
    ]),
  },
  {
    type: 'generic_greeting',
    label: 'Addresses the reader generically, as mass mail pretending to be personal does',
    patterns: words([
      'dear (?:valued |esteemed |beloved )?(?:customer|client|user|member|patron|account ?holder|subscriber|sir|madam|friend|beneficiary|winner|applicant|recipient)',
      'dear sir/madam', 'hello dear', 'hi dear', 'greetings (?:dear|to you)', 'attention(?: dear)? (?:customer|user|beneficiary)',
      'prezad[oa] cliente', 'caro cliente', 'estimado cliente', 'querido cliente', 'sehr geehrte(?:r)? kund(?:e|in)', 'liebe(?:r)? kund(?:e|in)',
      'cher client', 'chere cliente', 'beste klant', 'geachte klant', 'gentile cliente',
    ]),
  },
  {
    type: 'scam_offer',
    label: 'Pushes a typical scam or spam offer (dating, miracle health, easy money, energy savings)',
    patterns: words([
      'single (?:women|ladies|girls|moms)', 'lonely (?:women|ladies|girls|wives)', 'hot (?:girls|singles|women)', 'meet (?:women|singles|girls|ladies)', 'hookup', 'flirt(?:en)?',
      'traumfrau', 'traumliebe', 'sexy', 'blood sugar', 'joint pain', 'tinnitus', 'keto', 'belly fat', 'erectile', 'prostate', 'fat burn(?:ing|er)?', 'anti[- ]aging',
      'passive income', 'trading (?:bot|robot|platform)', 'guaranteed (?:returns|profit|income)', 'financial freedom', 'get rich', 'millionaire', 'elon musk',
      'solar panels?', 'zonnepanelen', 'solaranlage', 'energy (?:bill|trick|savings)', 'gewichtsverlust', 'abnehmen', 'perte de poids', 'emagrecer',
    ]),
  },
];

/** Lower case, accents removed, whitespace collapsed: what LURE_FAMILIES patterns are written against. */
export function normaliseForMatching(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/\s+/g, ' ');
}
