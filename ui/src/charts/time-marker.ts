/** A moment marked on a chart's time axis: an alert firing, the anomaly a ranking is for. */
export interface TimeMarker {
  t: number;
  label: string;
  kind: 'alert' | 'anomaly';
}
