/**
 * Approximate centres of the postcode districts the demo partnership uses (Cambridgeshire and Peterborough, and the
 * two out-of-area districts where demo children are found), so that a district with no coordinates of its own can
 * still be drawn. These are rough public centroids (to about a kilometre), good enough for a map of districts and
 * nothing finer. A real deployment would load the ONS Postcode Directory (ONSPD) district centroids instead.
 */
const CENTROIDS: Readonly<Record<string, readonly [latitude: number, longitude: number]>> = {
  PE1: [52.585, -0.235],
  PE2: [52.555, -0.265],
  PE3: [52.585, -0.285],
  PE4: [52.615, -0.265],
  PE6: [52.64, -0.2],
  PE7: [52.54, -0.2],
  PE13: [52.665, 0.16],
  PE15: [52.55, 0.09],
  PE16: [52.455, 0.055],
  PE19: [52.23, -0.265],
  PE26: [52.45, -0.105],
  PE27: [52.33, -0.07],
  PE29: [52.33, -0.185],
  CB1: [52.195, 0.15],
  CB2: [52.18, 0.115],
  CB3: [52.205, 0.09],
  CB4: [52.225, 0.13],
  CB5: [52.215, 0.15],
  CB6: [52.41, 0.25],
  CB7: [52.36, 0.32],
  CB21: [52.1, 0.28],
  CB22: [52.12, 0.17],
  CB23: [52.215, -0.03],
  CB24: [52.265, 0.11],
  CB25: [52.27, 0.2],
  N1: [51.538, -0.1],
  NR1: [52.625, 1.3],
}

/** The approximate centre of a postcode district, or null when the gazetteer does not hold it. */
export function districtCentroid(district: string): { latitude: number; longitude: number } | null {
  const c = CENTROIDS[district]
  return c ? { latitude: c[0], longitude: c[1] } : null
}
