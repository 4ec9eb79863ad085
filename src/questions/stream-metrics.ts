import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Metrics } from '../metrics/metrics.js';
import { QuestionStream } from './question-stream.js';

/** Reports this instance's open live streams into the metrics, which import no feature. */
@Injectable()
export class StreamMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly stream: QuestionStream,
  ) {}

  onModuleInit(): void {
    this.metrics.countOpenStreamsWith(() => this.stream.openStreams());
  }
}
