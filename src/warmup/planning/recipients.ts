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

/**
 * A min-heap of peer indices with each key stored beside its item (typed arrays, heap order): a sift
 * reads neighbouring memory instead of chasing `keys[items[i]]` across the whole pool. A peer's key
 * changes only while it is out of the heap, so the stored copy stays right.
 */
class MinHeap {
  private items: Int32Array;
  private heapKeys: Float64Array;
  private count = 0;
  private readonly keys: Float64Array;

  constructor(keys: Float64Array, capacity = 16) {
    this.keys = keys;
    this.items = new Int32Array(capacity);
    this.heapKeys = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  peek(): number | undefined {
    return this.count === 0 ? undefined : this.items[0];
  }

  push(item: number): void {
    if (this.count === this.items.length) this.grow();
    const items = this.items;
    const heapKeys = this.heapKeys;
    const key = this.keys[item]!;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heapKeys[parent]! <= key) break;
      items[i] = items[parent]!;
      heapKeys[i] = heapKeys[parent]!;
      i = parent;
    }
    items[i] = item;
    heapKeys[i] = key;
  }

  pop(): number | undefined {
    if (this.count === 0) return undefined;
    const items = this.items;
    const heapKeys = this.heapKeys;
    const top = items[0]!;
    const n = --this.count;
    if (n === 0) return top;
    const last = items[n]!;
    const key = heapKeys[n]!;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && heapKeys[right]! < heapKeys[left]! ? right : left;
      if (heapKeys[child]! >= key) break;
      items[i] = items[child]!;
      heapKeys[i] = heapKeys[child]!;
      i = child;
    }
    items[i] = last;
    heapKeys[i] = key;
    return top;
  }

  private grow(): void {
    const items = new Int32Array(this.items.length * 2);
    const heapKeys = new Float64Array(this.items.length * 2);
    items.set(this.items);
    heapKeys.set(this.heapKeys);
    this.items = items;
    this.heapKeys = heapKeys;
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

  /** Per peer: its domain's number (domainStamps), its provider heap's number (heapList). */
  private readonly domainOf: Int32Array;
  /** Per peer: its organisation's number (orgIds), 1 / capacity. */
  private readonly orgIdOf: Int32Array;
  private readonly orgIds = new Map<string, number>();
  private readonly inverseCapacity: Float64Array;
  private readonly heapIndexOf: Int32Array;
  private readonly domainStamps: Float64Array;
  private readonly heapList: MinHeap[] = [];
  /** Per heap, reset by each `choose`: messages the sender sends to that provider, skips, exhausted. */
  private providerUses = new Float64Array(0);
  private skips = new Int32Array(0);
  private exhausted = new Uint8Array(0);
  private stamp = 0;

  constructor(peers: readonly Peer[], random: () => number) {
    this.peers = peers;
    this.orgs = peers.map((p) => this.orgOf(p));
    this.domainOf = new Int32Array(peers.length);
    this.orgIdOf = new Int32Array(peers.length);
    this.inverseCapacity = new Float64Array(peers.length);
    this.heapIndexOf = new Int32Array(peers.length);
    const domainIndex = new Map<string, number>();
    this.loads = new Float64Array(peers.length);
    this.keys = new Float64Array(peers.length);
    this.ties = new Float64Array(peers.length);
    peers.forEach((peer, i) => {
      this.indexById.set(peer.id, i);
      this.orgSizes.set(this.orgs[i]!, (this.orgSizes.get(this.orgs[i]!) ?? 0) + 1);
      this.loads[i] = peer.load;
      this.ties[i] = random() * 1e-6;
      this.inverseCapacity[i] = 1 / Math.max(1, peer.capacity);
      let org = this.orgIds.get(this.orgs[i]!);
      if (org === undefined) this.orgIds.set(this.orgs[i]!, (org = this.orgIds.size));
      this.orgIdOf[i] = org;
      this.refreshKey(i);
      let heap = this.heaps.get(peer.provider);
      if (heap === undefined) {
        heap = new MinHeap(this.keys);
        this.heaps.set(peer.provider, heap);
        this.heapList.push(heap);
      }
      this.heapOf[i] = heap;
      this.heapIndexOf[i] = this.heapList.indexOf(heap);
      let domain = domainIndex.get(peer.domain);
      if (domain === undefined) domainIndex.set(peer.domain, (domain = domainIndex.size));
      this.domainOf[i] = domain;
      heap.push(i);
    });
    this.domainStamps = new Float64Array(domainIndex.size);
    this.providerUses = new Float64Array(this.heapList.length);
    this.skips = new Int32Array(this.heapList.length);
    this.exhausted = new Uint8Array(this.heapList.length);
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
    // Per-call state lives in arrays reused across calls (100,000 senders a run): a domain is "taken
    // today" when its stamp equals this call's stamp; per-heap counters are reset here.
    const stamp = ++this.stamp;
    const senderOrgId = this.orgIds.get(this.orgOf(sender)) ?? -1;
    const senderIndex = this.indexById.get(sender.id) ?? -1;
    const heaps = this.heapList;
    const providerUses = this.providerUses.fill(0);
    const skips = this.skips.fill(0);
    const exhausted = this.exhausted.fill(0);
    const hardAside: number[] = [];
    const softAside: number[] = [];
    const chosen: number[] = [];

    // The heap's best peer that passes every rule, setting aside those it skips; -1 if none.
    const bestOf = (h: number): number => {
      const heap = heaps[h]!;
      for (let top = heap.peek(); top !== undefined; top = heap.peek()) {
        const hard = top === senderIndex || this.orgIdOf[top] === senderOrgId;
        const soft = !hard && (this.domainStamps[this.domainOf[top]!] === stamp || recent?.has(top) === true);
        if (!hard && !soft) return top;
        heap.pop();
        (hard ? hardAside : softAside).push(top);
        if (++skips[h]! >= MAX_SKIPS) {
          exhausted[h] = 1;
          return -1;
        }
      }
      return -1;
    };

    while (chosen.length < count) {
      let bestPeer = -1;
      let bestHeap = -1;
      let bestScore = Infinity;
      for (let h = 0; h < heaps.length; h += 1) {
        if (exhausted[h] === 1) continue;
        const top = bestOf(h);
        if (top === -1) continue;
        const score = this.keys[top]! + PROVIDER_PENALTY * providerUses[h]!;
        if (score < bestScore) {
          bestPeer = top;
          bestHeap = h;
          bestScore = score;
        }
      }
      if (bestPeer === -1) {
        // Nothing passes the preferences: relax them, least loaded of the peers set aside first.
        const fallback = this.leastLoaded(softAside);
        if (fallback === undefined) break;
        softAside.splice(softAside.indexOf(fallback), 1);
        bestPeer = fallback;
      } else {
        heaps[bestHeap]!.pop();
      }
      chosen.push(bestPeer);
      this.domainStamps[this.domainOf[bestPeer]!] = stamp;
      providerUses[this.heapIndexOf[bestPeer]!]! += 1;
      this.loads[bestPeer]! += 1;
      this.refreshKey(bestPeer);
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
    this.keys[i] = this.loads[i]! * this.inverseCapacity[i]! + this.ties[i]!;
  }
}
