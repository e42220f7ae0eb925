import type uPlot from 'uplot';
import { MARKER_COLORS, type EventMarker } from '../transforms/event-markers.js';

/** Draws breaker, change and config events as dashed vertical lines across the plot (uPlot `draw` hook). */
export function markerPlugin(markers: readonly EventMarker[]): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u: uPlot) => {
          const { ctx, bbox } = u;
          ctx.save();
          ctx.lineWidth = Math.max(1, devicePixelRatio || 1) * 1.5;
          ctx.setLineDash([4 * (devicePixelRatio || 1), 3 * (devicePixelRatio || 1)]);
          for (const m of markers) {
            const x = Math.round(u.valToPos(m.x, 'x', true));
            if (x < bbox.left || x > bbox.left + bbox.width) continue;
            ctx.strokeStyle = MARKER_COLORS[m.kind] ?? '#555';
            ctx.beginPath();
            ctx.moveTo(x, bbox.top);
            ctx.lineTo(x, bbox.top + bbox.height);
            ctx.stroke();
          }
          ctx.restore();
        },
      ],
    },
  };
}
