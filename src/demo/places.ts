import type { Random } from './random.ts'

/**
 * Real towns and postcode districts of Cambridgeshire and Peterborough; the street numbers and full postcodes
 * built from them are made up (right format, fictional unit), and no demo person lives anywhere real.
 */
export type Area = 'Peterborough' | 'Cambridgeshire'

export type Town = {
  town: string
  area: Area
  /** Postcode districts with the neighbourhoods used as address line 2. */
  districts: ReadonlyArray<readonly [district: string, localities: readonly string[]]>
  /** Relative share of the demo people living there. */
  weight: number
}

export const TOWNS: readonly Town[] = [
  {
    town: 'Peterborough',
    area: 'Peterborough',
    weight: 40,
    districts: [
      ['PE1', ['Millfield', 'New England', 'Eastfield', 'Dogsthorpe', 'Parnwell', 'Central']],
      ['PE2', ['Orton Malborne', 'Orton Goldhay', 'Woodston', 'Fletton', 'Stanground', 'Orton Brimbles']],
      ['PE3', ['Westwood', 'Bretton', 'Netherton', 'Ravensthorpe', 'Longthorpe']],
      ['PE4', ['Werrington', 'Paston', 'Gunthorpe', 'Walton', 'Ravensthorpe']],
      ['PE7', ['Hampton Vale', 'Hampton Hargate', 'Hampton Centre']],
    ],
  },
  { town: 'Eye', area: 'Peterborough', weight: 1.5, districts: [['PE6', []]] },
  { town: 'Thorney', area: 'Peterborough', weight: 1, districts: [['PE6', []]] },
  { town: 'Wisbech', area: 'Cambridgeshire', weight: 9, districts: [['PE13', ['Waterlees', 'Clarkson', 'Hill', 'Peckover']]] },
  { town: 'March', area: 'Cambridgeshire', weight: 6, districts: [['PE15', ['Town End', 'Estover', 'West End']]] },
  { town: 'Chatteris', area: 'Cambridgeshire', weight: 2.5, districts: [['PE16', []]] },
  { town: 'Whittlesey', area: 'Cambridgeshire', weight: 3, districts: [['PE7', ['Lattersey', 'Bassenhally']]] },
  { town: 'Yaxley', area: 'Cambridgeshire', weight: 1.5, districts: [['PE7', []]] },
  { town: 'Huntingdon', area: 'Cambridgeshire', weight: 7, districts: [['PE29', ['Oxmoor', 'Hartford', 'Stukeley Meadows', 'Godmanchester']]] },
  { town: 'St Neots', area: 'Cambridgeshire', weight: 6, districts: [['PE19', ['Eynesbury', 'Eaton Socon', 'Eaton Ford', 'Love\'s Farm']]] },
  { town: 'St Ives', area: 'Cambridgeshire', weight: 4, districts: [['PE27', ['Houghton', 'Hemingford Grey']]] },
  { town: 'Ramsey', area: 'Cambridgeshire', weight: 1.5, districts: [['PE26', []]] },
  {
    town: 'Cambridge',
    area: 'Cambridgeshire',
    weight: 12,
    districts: [
      ['CB1', ['Romsey', 'Petersfield', 'Cherry Hinton']],
      ['CB2', ['Trumpington', 'Newnham']],
      ['CB3', ['Newnham', 'Eddington']],
      ['CB4', ['Arbury', 'Kings Hedges', 'Chesterton', 'Orchard Park']],
      ['CB5', ['Abbey', 'Barnwell']],
    ],
  },
  { town: 'Ely', area: 'Cambridgeshire', weight: 3, districts: [['CB6', []], ['CB7', []]] },
  { town: 'Littleport', area: 'Cambridgeshire', weight: 1.5, districts: [['CB6', []]] },
  { town: 'Soham', area: 'Cambridgeshire', weight: 1.5, districts: [['CB7', []]] },
  { town: 'Linton', area: 'Cambridgeshire', weight: 0.7, districts: [['CB21', []]] },
  { town: 'Sawston', area: 'Cambridgeshire', weight: 1, districts: [['CB22', []]] },
  { town: 'Cambourne', area: 'Cambridgeshire', weight: 1.5, districts: [['CB23', []]] },
  { town: 'Histon', area: 'Cambridgeshire', weight: 0.8, districts: [['CB24', []]] },
  { town: 'Cottenham', area: 'Cambridgeshire', weight: 0.8, districts: [['CB24', []]] },
  { town: 'Waterbeach', area: 'Cambridgeshire', weight: 0.8, districts: [['CB25', []]] },
]

export const STREETS: readonly string[] = [
  'Church Street', 'Station Road', 'Mill Lane', 'Park Avenue', "Queen's Road", 'Victoria Road', 'Cromwell Road',
  'High Street', 'London Road', 'Broadway', 'Gladstone Street', 'Fenland Way', 'Orchard Close', 'Willow Drive',
  'Cherry Tree Avenue', 'Meadow Way', 'Hereward Road', 'Sandringham Close', 'Windsor Avenue', 'Elm Road',
  'Oak Tree Close', 'Ash Grove', 'Beech Avenue', 'Chestnut Way', 'Linden Drive', 'Poplar Close', 'Rowan Court',
  'Hawthorn Road', 'Primrose Way', 'Bluebell Close', 'Kingfisher Drive', 'Heron Way', 'Swallow Close', 'Mallard Road',
  'Nene Parade', 'Ouse Walk', 'River Lane', 'Riverside Drive', 'Bridge Street', 'Market Street', 'North Street',
  'South Street', 'West End', 'East Road', 'Chapel Lane', 'School Lane', 'Manor Road', 'Green Lane', 'Common Lane',
  'Newmarket Road', 'Mill Road', 'Cavendish Close', 'Fitzwilliam Street', 'Eastfield Road', 'Burghley Road',
  'Russell Street', 'Harris Street', 'Granby Street', 'Dogsthorpe Road', 'Welland Road', 'Crowland Road',
  'Whittlesey Road', 'Elliott Road', 'Norwich Road', 'Alexandra Road', 'Albert Street', 'Coronation Avenue',
  'Jubilee Close', 'Saxon Way', 'Danes Close', 'Abbey Road', 'Priory Close', 'Thorpe Road', 'Lancaster Way',
  'Shelley Close', 'Tennyson Road', 'Wordsworth Close', 'Keats Way', 'Milton Road', 'Chaucer Road',
]

const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ'

export function postcodeIn(random: Random, district: string): string {
  const letter = () => INWARD_LETTERS.charAt(random.int(0, INWARD_LETTERS.length - 1))
  return `${district} ${random.int(1, 9)}${letter()}${letter()}`
}

/** The district part of a postcode (`PE1 2AB` → `PE1`). */
export function postcodeDistrict(postcode: string): string {
  return postcode.split(' ')[0] ?? postcode
}

export type Address = { addressLine1: string; addressLine2: string | null; town: string; postcode: string; area: Area }

export function randomTown(random: Random, area?: Area): Town {
  const towns = area ? TOWNS.filter((t) => t.area === area) : TOWNS
  return random.weighted(towns.map((t) => [t, t.weight] as const))
}

export function randomAddress(random: Random, area?: Area): Address {
  const town = randomTown(random, area)
  const [district, localities] = random.pick(town.districts)
  const street = random.pick(STREETS)
  const number = random.int(1, 140)
  const addressLine1 = random.chance(0.15) ? `Flat ${random.int(1, 12)}, ${number} ${street}` : `${number} ${street}`
  const addressLine2 = localities.length > 0 && random.chance(0.6) ? random.pick(localities) : null
  return { addressLine1, addressLine2, town: town.town, postcode: postcodeIn(random, district), area: town.area }
}
