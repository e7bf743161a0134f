import { Random } from '../random.ts'

/**
 * Ids for one shard of the scaled demo: `ssssssss-tttt-4ccc-8ccc-cccccccccccc` (shard, stream, counter), shaped
 * like version 4 UUIDs. The demo's own ids come from a 32-bit generator, fine for one partnership but likely to
 * collide somewhere across hundreds of shards; these never do. Only `uuid()` differs from Random.
 */
export class ShardIds extends Random {
  private counter = 0
  private readonly prefix: string

  constructor(shard: number, stream: number) {
    super(shard * 65_536 + stream)
    this.prefix = `${shard.toString(16).padStart(8, '0')}-${stream.toString(16).padStart(4, '0')}`
  }

  override uuid(): string {
    const c = (this.counter++).toString(16).padStart(18, '0')
    return `${this.prefix}-4${c.slice(0, 3)}-8${c.slice(3, 6)}-${c.slice(6)}`
  }
}
