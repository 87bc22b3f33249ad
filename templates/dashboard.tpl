{{%AUTOESCAPE context="HTML"}}
{{!-- The dashboard (pages/dashboard.c): the period PICKER (included), one
      CARD per metric (PLUGIN, METRIC, LABEL, URL) that is UNAVAILABLE,
      PENDING (not stored, left to the job) or AVAILABLE with VALUE (TEXT) or NOT_ENOUGH, N, AS_OF (TEXT: "as of
      14:05", a stale open value), CHANGE (ARROW, TEXT,
      CLASS, DIRECTION, PREV_LABEL, PREV_VALUE), BENCHMARKS of BENCHMARK
      (LABEL, VALUE, SEP), the SPARK chart (WIDTH, HEIGHT, POINTS, POINT:
      X, Y, LABEL, VALUE) and its TREND_ROWs (PERIOD, VALUE, N);
      NO_METRICS when the business has no metric plugin on. --}}
<section class="dashboard">
  <h1>{{_Dashboard_}}</h1>
{{>PICKER}}
{{#NO_METRICS}}
  <p class="muted">{{_No metric plugin is switched on for this business._}}</p>
{{/NO_METRICS}}
  <div class="metric-cards">
{{#CARD}}
    <article class="metric-card" data-metric="{{PLUGIN}}/{{METRIC}}">
      <h2><a href="{{URL}}">{{LABEL}}</a></h2>
{{#UNAVAILABLE}}
      <p class="metric-unavailable">{{_unavailable_}}</p>
{{/UNAVAILABLE}}
{{#PENDING}}
      <p class="metric-pending">{{_Being calculated: the value appears here within a few minutes._}}</p>
{{/PENDING}}
{{#AVAILABLE}}
      <p class="metric-value">{{#VALUE}}<strong class="value">{{TEXT}}</strong>{{/VALUE}}{{#NOT_ENOUGH}}<strong class="not-enough">{{_not enough data_}}</strong>{{/NOT_ENOUGH}}
{{#BENCHMARKS}}
        <span class="benchmarks">{{_Benchmarks:_}} {{#BENCHMARK}}{{#SEP}} · {{/SEP}}{{LABEL}} {{VALUE}}{{/BENCHMARK}}</span>
{{/BENCHMARKS}}
      </p>
      <p class="metric-n">n = {{N}}{{#AS_OF}} · <span class="as-of">{{TEXT}}</span>{{/AS_OF}}</p>
{{#CHANGE}}
      <p class="change {{CLASS}}"><span aria-hidden="true">{{ARROW}}</span> <span class="change-text">{{TEXT}}</span> <span class="visually-hidden">({{DIRECTION}})</span> <span class="muted">{{_vs._}} {{PREV_LABEL}}: {{PREV_VALUE}}</span></p>
{{/CHANGE}}
{{#SPARK}}
      <svg class="sparkline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {{WIDTH}} {{HEIGHT}}" width="{{WIDTH}}" height="{{HEIGHT}}" role="img" aria-labelledby="spark-{{PLUGIN}}-{{METRIC}}-t spark-{{PLUGIN}}-{{METRIC}}-d">
        <title id="spark-{{PLUGIN}}-{{METRIC}}-t">{{LABEL}}: {{_the last 12 periods_}}</title>
        <desc id="spark-{{PLUGIN}}-{{METRIC}}-d">{{_The same numbers are in the table below the chart._}}</desc>
        <polyline points="{{POINTS}}" fill="none"></polyline>
{{#POINT}}
        <circle cx="{{X}}" cy="{{Y}}" r="2"><title>{{LABEL}}: {{VALUE}}</title></circle>
{{/POINT}}
      </svg>
{{/SPARK}}
      <details class="trend-table">
        <summary>{{_The last 12 periods as a table_}}</summary>
        <table class="result-table">
          <thead><tr><th scope="col">{{_Period_}}</th><th scope="col">{{_Value_}}</th><th scope="col">n</th></tr></thead>
          <tbody>
{{#TREND_ROW}}
            <tr><td>{{PERIOD}}</td><td>{{VALUE}}</td><td>{{N}}</td></tr>
{{/TREND_ROW}}
          </tbody>
        </table>
      </details>
{{/AVAILABLE}}
    </article>
{{/CARD}}
  </div>
</section>
