// The tooth frame staging and the engine read. Only geometry/tooth-axes.ts builds one from a
// crown (web/core stays free of mesh analysis); this type lives here because core/pose.ts
// and core/staging.ts need it and core may not import geometry.
import type { Vec3 } from './pose.ts';

export interface ToothFrame {
  /** Crown centroid in the scan frame, mm; also the centre the tooth turns about. */
  origin: Vec3;
  /** Unit axes in the scan frame, mutually orthogonal. Mirror images left vs right. */
  mesial: Vec3;
  buccal: Vec3;
  /** From the root towards the crown tip (the direction of extrusion). */
  occlusal: Vec3;
}
