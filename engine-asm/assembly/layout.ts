// Byte offsets of web/engine/layout.ts, the one binary layout every backend reads. Change a
// word there and change it here: the Node tests compare this backend with the reference.

export const TOOTH_BYTES: usize = 128;
export const T_FIRST_VERTEX: usize = 4;
export const T_VERTEX_COUNT: usize = 8;
export const T_FIRST_TRIANGLE: usize = 12;
export const T_FIRST_NODE: usize = 20;
export const T_BODY_T: usize = 48;
export const T_BODY_Q: usize = 64;
export const T_SPHERE: usize = 80;
export const T_BOX_MIN: usize = 96;
export const T_BOX_MAX: usize = 112;

export const VERTEX_BYTES: usize = 32;
export const V_NORMAL: usize = 16;

export const TRIANGLE_BYTES: usize = 128;
export const TR_FACE_NORMAL: usize = 16;
export const TR_EDGE_AB: usize = 32;
export const TR_A: usize = 80;
export const TR_B: usize = 96;
export const TR_C: usize = 112;

export const NODE_BYTES: usize = 32;
export const N_A: usize = 12;
export const N_MAX: usize = 16;
export const N_COUNT: usize = 28;

export const PLAN_BYTES: usize = 96;
export const P_INITIAL_T: usize = 0;
export const P_INITIAL_Q: usize = 16;
export const P_TARGET_T: usize = 32;
export const P_TARGET_Q: usize = 48;
export const P_CENTRE: usize = 64;
export const P_START: usize = 80;
export const P_ACTIVE: usize = 84;

export const POSE_BYTES: usize = 32;
export const PAIR_BYTES: usize = 16;
export const RESULT_BYTES: usize = 48;

export const RESULT_FAR: u32 = 1;
export const RESULT_OVERLAP: u32 = 2;
export const PENETRATION_EPS_MM: f64 = 1e-4;

/** BVH_STACK_SIZE of web/geometry/bvh.ts: the tree is never deeper. */
export const STACK_SIZE: i32 = 64;

// Features of a triangle, as web/geometry/bvh.ts numbers them.
export const FACE: i32 = 0;
export const VERTEX_A: i32 = 1;
export const EDGE_AB: i32 = 4;
