/**
 * Who receives a mailbox's new threads: every active, verified mailbox on this server is a peer.
 *
 * Rules, in order of strength:
 * - **never** the sender itself, a mailbox of its own domain, or of its organisation (registered domain
 *   by the public suffix list, via tldts: `sales.acme.co.uk` and `acme.co.uk` are one organisation).
 *   Exception (documented choice): the public mailbox providers' own domains (gmail.com, outlook.com, …,
 *   FREEMAIL below) are not an organisation: two people's gmail.com addresses are two senders, and
 *   Gmail-to-Gmail placement is the one that matters most;
 * - **never** the same peer twice in one sender's day (so a day's volume never exceeds its eligible peers);
 * - **prefer** a peer of another domain than those already chosen today, and not paired with this sender
 *   within the cooldown (`recent`); relaxed only when nothing else is left;
 * - **balance**: each peer has a capacity (what it sends today, so a mailbox receives about as much as it
 *   sends) and a load (messages to it already planned); the least loaded peer relative to its capacity
 *   comes first ("received least today");
 * - **spread across providers**: peers sit in one min-heap per provider (keyed by load / capacity), and a
 *   sender's pick pays a small penalty per message it already sends to that provider today.
 *
 * Cost: a pick looks at the top of each provider heap (a dozen providers at most) and pops only peers it
 * must skip, at most MAX_SKIPS per heap per sender: O(picks × providers × log n), never O(n²).
 */
import { getDomain } from 'tldts';

/** Public mailbox providers' domains: an address there is its own organisation (see above). */
const FREEMAIL = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'yahoo.com', 'ymail.com',
  'icloud.com', 'me.com', 'mac.com', 'aol.com', 'gmx.com', 'gmx.net', 'gmx.de', 'web.de', 'proton.me',
  'protonmail.com', 'yandex.com', 'yandex.ru', 'zoho.com', 'zohomail.com', 'fastmail.com', 'mail.com',
]);

/** The organisation key of an address: its registered domain, or the address itself on a freemail domain. */
export function organisationOf(email: string, domain: string): string {
  if (FREEMAIL.has(domain)) return email;
  return getDomain(domain, { allowPrivateDomains: true }) ?? domain;
}

export interface Peer {
  id: string;
  email: string;
  domain: string;
  provider: string;
  /** Messages it should receive today: what it sends (≥ 1). */
  capacity: number;
  /** Messages to it already planned (loaded from the database). */
  load: number;
}

/** Extra key units a pick pays per message the sender already sends to that provider today. */
const PROVIDER_PENALTY = 0.25;
/** Peers a sender may skip per heap before that heap counts as exhausted for it. */
const MAX_SKIPS = 64;

class MinHeap {
  readonly items: number[] = [];
  private readonly keys: Float64Array;

  constructor(keys: Float64Array) {
    this.keys = keys;
  }

  get size(): number {
    return this.items.length;
  }

  peek(): number | undefined {
    return this.items[0];
  }

  push(item: number): void {
    const items = this.items;
    let i = items.length;
    items.push(item);
    const key = this.keys[item]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[items[parent]!]! <= key) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = item;
  }

  pop(): number | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    const key = this.keys[last]!;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && this.keys[items[right]!]! < this.keys[items[left]!]! ? right : left;
      if (this.keys[items[child]!]! >= key) break;
      items[i] = items[child]!;
      i = child;
    }
    items[i] = last;
    return top;
  }
}

export interface Sender {
  id: string;
  email: string;
  domain: string;
}

export class RecipientPool {
  readonly peers: readonly Peer[];
  private readonly indexById = new Map<string, number>();
  private readonly orgs: string[];
  private readonly orgSizes = new Map<string, number>();
  private readonly loads: Float64Array;
  private readonly keys: Float64Array;
  /** Tie-breaks in [0, 1e-6): among equally loaded peers the order is random, not insertion order. */
  private readonly ties: Float64Array;
  private readonly heaps = new Map<string, MinHeap>();
  private readonly heapOf: MinHeap[] = [];
  /** Registered domain by domain: tldts once per domain, not once per mailbox. */
  private readonly orgByDomain = new Map<string, string>();

  constructor(peers: readonly Peer[], random: () => number) {
    this.peers = peers;
    this.orgs = peers.map((p) => this.orgOf(p));
    this.loads = new Float64Array(peers.length);
    this.keys = new Float64Array(peers.length);
    this.ties = new Float64Array(peers.length);
    peers.forEach((peer, i) => {
      this.indexById.set(peer.id, i);
      this.orgSizes.set(this.orgs[i]!, (this.orgSizes.get(this.orgs[i]!) ?? 0) + 1);
      this.loads[i] = peer.load;
      this.ties[i] = random() * 1e-6;
      this.refreshKey(i);
      let heap = this.heaps.get(peer.provider);
      if (heap === undefined) {
        heap = new MinHeap(this.keys);
        this.heaps.set(peer.provider, heap);
      }
      this.heapOf[i] = heap;
      heap.push(i);
    });
  }

  indexOf(id: string): number | undefined {
    return this.indexById.get(id);
  }

  /** How many peers the sender may write to at all (everyone outside its organisation). */
  eligibleFor(sender: Sender): number {
    // The organisation's members in the pool include the sender itself when it is there.
    return this.peers.length - (this.orgSizes.get(this.orgOf(sender)) ?? 0);
  }

  /**
   * Up to `count` distinct peers for `sender`, best first, each counted as loaded by one message.
   * `recent`: peer indices paired with the sender within the cooldown.
   */
  choose(sender: Sender, count: number, recent?: ReadonlySet<number>): Peer[] {
    const senderOrg = this.orgOf(sender);
    const providerUses = new Map<string, number>();
    const domains = new Set<string>();
    const hardAside: number[] = [];
    const softAside: number[] = [];
    const chosen: number[] = [];
    const exhausted = new Set<MinHeap>();
    const skips = new Map<MinHeap, number>();

    // Pops the heap's best peer that passes every rule, setting aside those it skips; undefined if none.
    const bestOf = (heap: MinHeap): number | undefined => {
      for (let top = heap.peek(); top !== undefined; top = heap.peek()) {
        const hard = top === this.indexById.get(sender.id) || this.orgs[top] === senderOrg;
        const soft = !hard && (domains.has(this.peers[top]!.domain) || recent?.has(top) === true);
        if (!hard && !soft) return top;
        heap.pop();
        (hard ? hardAside : softAside).push(top);
        const skipped = (skips.get(heap) ?? 0) + 1;
        skips.set(heap, skipped);
        if (skipped >= MAX_SKIPS) {
          exhausted.add(heap);
          return undefined;
        }
      }
      return undefined;
    };

    while (chosen.length < count) {
      let best: { peer: number; heap: MinHeap | null; score: number } | null = null;
      for (const [provider, heap] of this.heaps) {
        if (exhausted.has(heap)) continue;
        const top = bestOf(heap);
        if (top === undefined) continue;
        const score = this.keys[top]! + PROVIDER_PENALTY * (providerUses.get(provider) ?? 0);
        if (best === null || score < best.score) best = { peer: top, heap, score };
      }
      if (best === null) {
        // Nothing passes the preferences: relax them, least loaded of the peers set aside first.
        const fallback = this.leastLoaded(softAside);
        if (fallback === undefined) break;
        softAside.splice(softAside.indexOf(fallback), 1);
        best = { peer: fallback, heap: null, score: 0 };
      } else {
        best.heap!.pop();
      }
      const peer = best.peer;
      chosen.push(peer);
      domains.add(this.peers[peer]!.domain);
      providerUses.set(this.peers[peer]!.provider, (providerUses.get(this.peers[peer]!.provider) ?? 0) + 1);
      this.loads[peer]! += 1;
      this.refreshKey(peer);
    }
    // Everyone taken out goes back with its new load; chosen peers stay out until now, so none repeats.
    for (const i of chosen) this.heapOf[i]!.push(i);
    for (const i of hardAside) this.heapOf[i]!.push(i);
    for (const i of softAside) this.heapOf[i]!.push(i);
    return chosen.map((i) => this.peers[i]!);
  }

  private orgOf(mailbox: { email: string; domain: string }): string {
    if (FREEMAIL.has(mailbox.domain)) return mailbox.email;
    let org = this.orgByDomain.get(mailbox.domain);
    if (org === undefined) {
      org = organisationOf(mailbox.email, mailbox.domain);
      this.orgByDomain.set(mailbox.domain, org);
    }
    return org;
  }

  private leastLoaded(candidates: number[]): number | undefined {
    let best: number | undefined;
    for (const i of candidates) if (best === undefined || this.keys[i]! < this.keys[best]!) best = i;
    return best;
  }

  private refreshKey(i: number): void {
    this.keys[i] = this.loads[i]! / Math.max(1, this.peers[i]!.capacity) + this.ties[i]!;
  }
}
