// The segmentation worker: one SegmentationContext per open arch lives here, so the
// planner's corrections re-cut without preparing the scan again and never block the UI.
import { expose } from 'comlink';
import { createSegmentApi } from './segment-api.ts';

expose(createSegmentApi());
