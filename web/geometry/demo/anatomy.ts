// Crown sizes and shapes of the demo teeth. Widths and heights come from the standard
// tables (Wheeler's dental anatomy, rounded); the shape numbers were tuned by rendering the
// crowns until molars, premolars, canines and incisors read as themselves.
import { positionOf, toothType, jawOf } from '../../core/fdi.ts';
import type { ToothType } from '../../core/fdi.ts';

/** A smooth bump on the occlusal side; negative height makes a fossa or groove. */
export interface Cusp {
  /** Centre as a fraction of the half mesial-distal width, positive towards mesial. */
  mesial: number;
  /** Centre as a fraction of the half buccal-lingual width, positive towards buccal. */
  buccal: number;
  /** mm, added along the long axis. */
  height: number;
  /** Spreads, as fractions of the half widths. */
  spreadMd: number;
  spreadBl: number;
}

export interface CrownAnatomy {
  fdi: number;
  type: ToothType;
  /** Largest mesial-distal width, mm (the contact-to-contact width of the tables). */
  mdWidth: number;
  /** Largest buccal-lingual width, mm. */
  blWidth: number;
  /** Clinical crown height, gingival zenith to cusp tip or incisal edge, mm. */
  height: number;
  /** Width at the gingival zenith as a fraction of the largest width. */
  cervicalMd: number;
  cervicalBl: number;
  /** Where the crown is widest, as fractions of the height. */
  contactLevel: number;
  contourLevel: number;
  /** Superellipse exponent of the occlusal outline (2 = ellipse, larger = squarer). */
  squareness: number;
  /** How much narrower the lingual half is mesial-distally (triangular incisors). */
  lingualTaper: number;
  /** Skew of the outline, mesial-distal shift per buccal mm (rhomboid upper molars). */
  shear: number;
  /**
   * Shape of the occlusal cap. capMd: superellipse exponent of the mesial-distal outline above
   * the contacts (1 = straight cusp ridges to a point, 4 = square incisal corners); capBl and
   * capHeight: exponents of the buccal-lingual profile (small = holds on, then turns).
   */
  capMd: number;
  capBl: number;
  /** capBl for the lingual half: larger makes the lingual face recede (incisor wedge). */
  capLingual: number;
  capHeight: number;
  /** How far below the cusp tips the cap's centre sits, mm (the cusps make up the rest). */
  cuspRelief: number;
  /** How far the gingival margin rises between teeth above the zenith, mm. */
  papilla: number;
  cusps: Cusp[];
  /** Incisor and canine lingual anatomy, mm. */
  lingualFossa: number;
  cingulum: number;
  /** Incisal edge sits labially of the long axis by this fraction of the half BL width. */
  edgeShift: number;
}

// Central incisor -> second molar.
const UPPER_MD = [8.5, 6.5, 7.5, 7.0, 6.5, 10.0, 9.0];
const UPPER_BL = [7.0, 6.0, 8.0, 9.0, 9.0, 11.0, 11.0];
const UPPER_HEIGHT = [10.0, 8.5, 10.0, 8.0, 7.5, 7.0, 7.0];
const LOWER_MD = [5.0, 5.5, 6.5, 7.0, 7.0, 11.0, 10.5];
const LOWER_BL = [6.0, 6.5, 7.5, 7.5, 8.0, 10.5, 10.0];
const LOWER_HEIGHT = [8.5, 9.0, 10.0, 8.0, 7.5, 7.5, 7.0];

/** Table mesial-distal width of a tooth, mm. */
export function tableWidth(fdi: number): number {
  const p = positionOf(fdi) - 1;
  return jawOf(fdi) === 'upper' ? UPPER_MD[p] : LOWER_MD[p];
}

const cusp = (mesial: number, buccal: number, height: number, spreadMd: number, spreadBl: number): Cusp =>
  ({ mesial, buccal, height, spreadMd, spreadBl });

function posteriorCusps(fdi: number): Cusp[] {
  const upper = jawOf(fdi) === 'upper';
  switch (positionOf(fdi)) {
    case 4:
      return upper
        ? [cusp(0.05, 0.42, 1.7, 0.45, 0.3), cusp(-0.05, -0.42, 1.4, 0.4, 0.3), cusp(0, 0, -0.5, 0.55, 0.16)]
        : [cusp(0, 0.3, 2.0, 0.45, 0.35), cusp(0, -0.52, 0.7, 0.35, 0.25), cusp(0, -0.12, -0.4, 0.45, 0.14)];
    case 5:
      return upper
        ? [cusp(0.05, 0.42, 1.5, 0.45, 0.3), cusp(-0.05, -0.42, 1.4, 0.42, 0.3), cusp(0, 0, -0.5, 0.55, 0.16)]
        : [cusp(0, 0.35, 1.6, 0.45, 0.32), cusp(0.32, -0.45, 1.1, 0.3, 0.26), cusp(-0.35, -0.45, 0.9, 0.28, 0.26), cusp(0, -0.05, -0.5, 0.3, 0.2)];
    case 6:
      return upper
        ? [cusp(0.45, 0.45, 1.5, 0.32, 0.3), cusp(-0.45, 0.47, 1.3, 0.3, 0.28), cusp(0.3, -0.45, 1.7, 0.4, 0.34),
          cusp(-0.52, -0.5, 1.0, 0.28, 0.26), cusp(-0.08, 0, 0.5, 0.3, 0.3), cusp(0.2, 0.08, -0.8, 0.25, 0.22), cusp(-0.3, -0.18, -0.4, 0.2, 0.2)]
        : [cusp(0.55, 0.45, 1.3, 0.28, 0.3), cusp(-0.05, 0.5, 1.2, 0.28, 0.3), cusp(-0.65, 0.35, 0.9, 0.22, 0.25),
          cusp(0.45, -0.45, 1.5, 0.32, 0.32), cusp(-0.35, -0.45, 1.4, 0.3, 0.32), cusp(0.05, 0, -0.8, 0.32, 0.2)];
    default:
      return upper
        ? [cusp(0.45, 0.45, 1.5, 0.34, 0.3), cusp(-0.45, 0.47, 1.2, 0.3, 0.28), cusp(0.25, -0.45, 1.7, 0.42, 0.36),
          cusp(-0.55, -0.45, 0.6, 0.25, 0.25), cusp(0.15, 0.05, -0.8, 0.28, 0.22)]
        : [cusp(0.45, 0.45, 1.3, 0.32, 0.3), cusp(-0.45, 0.45, 1.2, 0.3, 0.3), cusp(0.45, -0.45, 1.5, 0.32, 0.32),
          cusp(-0.45, -0.45, 1.4, 0.3, 0.32), cusp(0, 0, -0.8, 0.3, 0.22)];
  }
}

const sharpen = (c: Cusp): Cusp => ({ ...c, height: c.height * (c.height > 0 ? 1.3 : 1.2), spreadMd: c.spreadMd * 0.85, spreadBl: c.spreadBl * 0.85 });

export function crownAnatomy(fdi: number): CrownAnatomy {
  const p = positionOf(fdi) - 1;
  const upper = jawOf(fdi) === 'upper';
  const type = toothType(fdi);
  const base = {
    fdi, type,
    mdWidth: upper ? UPPER_MD[p] : LOWER_MD[p],
    blWidth: upper ? UPPER_BL[p] : LOWER_BL[p],
    height: upper ? UPPER_HEIGHT[p] : LOWER_HEIGHT[p],
    shear: 0, lingualFossa: 0, cingulum: 0, edgeShift: 0, lingualTaper: 0, cusps: [] as Cusp[],
  };
  switch (type) {
    case 'incisor':
      return {
        ...base,
        cervicalMd: upper ? 0.8 : 0.72, cervicalBl: upper ? 0.86 : 0.9,
        contactLevel: 0.8, contourLevel: 0.22, squareness: 2.6, lingualTaper: 0.35,
        capMd: 10, capBl: 1.6, capLingual: 3.0, capHeight: 1.3, cuspRelief: 0,
        papilla: upper ? 3.2 : 2.6,
        lingualFossa: upper ? 0.8 : 0.4, cingulum: upper ? 0.5 : 0.3, edgeShift: 0,
      };
    case 'canine':
      return {
        ...base,
        cervicalMd: 0.75, cervicalBl: 0.88, contactLevel: 0.6, contourLevel: 0.28, squareness: 2.2,
        lingualTaper: 0.3, capMd: 1.2, capBl: 1.2, capLingual: 1.6, capHeight: 1.0, cuspRelief: 0.6, papilla: 2.8,
        cusps: [cusp(0.05, 0.12, 0.6, 0.3, 0.5)],
        lingualFossa: upper ? 0.45 : 0.25, cingulum: 0.45, edgeShift: 0.1,
      };
    case 'premolar':
      return {
        ...base,
        cervicalMd: 0.74, cervicalBl: 0.88, contactLevel: 0.65, contourLevel: 0.3, squareness: 2.4,
        capMd: 2.5, capBl: 0.45, capLingual: 0.45, capHeight: 0.35, cuspRelief: 2.0, papilla: 2.2,
        cusps: posteriorCusps(fdi).map(sharpen),
      };
    case 'molar':
      return {
        ...base,
        cervicalMd: 0.8, cervicalBl: 0.9, contactLevel: 0.6, contourLevel: 0.3, squareness: 3.0,
        shear: upper ? 0.12 : 0, capMd: 3.5, capBl: 0.35, capLingual: 0.35, capHeight: 0.35, cuspRelief: 1.9, papilla: 1.8,
        cusps: posteriorCusps(fdi).map(sharpen),
      };
  }
}
