export default class Mailwarden { hello(): string { return "ok"; } }
