{{%AUTOESCAPE context="HTML"}}
{{!-- One import: STATUS (STATUS_CODE for tests and styling), PROGRESS
      (DONE, TOTAL, PROGRESS_TEXT) while it runs, COUNTS when done, REFUSED
      with REASON rows (LINE, FIELD, REASON_TEXT), PAGER and CAPPED, FAILED
      with ERROR_TEXT, NOTE, CHOOSE_COLUMNS. --}}
<section>
  <h1>{{_Import_}} {{FILENAME}}</h1>
  <p>{{KIND_LABEL}} · {{_Uploaded (UTC)_}}: {{CREATED}}</p>
  <p class="import-status" data-status="{{STATUS_CODE}}"><strong>{{STATUS}}</strong></p>
{{#NOTE}}
  <p class="muted">{{NOTE_TEXT}}</p>
{{/NOTE}}
{{#CHOOSE_COLUMNS}}
  <p><a class="button" href="{{BASE}}/clients/imports/{{ID}}/mapping">{{_Choose the columns_}}</a></p>
{{/CHOOSE_COLUMNS}}
{{#PROGRESS}}
  <p><progress value="{{DONE}}" max="{{TOTAL}}">{{PROGRESS_TEXT}}</progress> <span class="progress-text">{{PROGRESS_TEXT}}</span></p>
  <p class="muted">{{_This page refreshes itself. You may leave it: the import goes on._}}</p>
{{/PROGRESS}}
{{#COUNTS}}
  <dl class="import-counts">
    <dt>{{_Rows_}}</dt><dd class="count-rows">{{ROWS}}</dd>
    <dt>{{_New clients or records_}}</dt><dd class="count-inserted">{{INSERTED}}</dd>
    <dt>{{_Updated_}}</dt><dd class="count-updated">{{UPDATED}}</dd>
    <dt>{{_Unchanged_}}</dt><dd class="count-unchanged">{{UNCHANGED}}</dd>
  </dl>
{{/COUNTS}}
{{#FAILED}}
  <p class="notice notice-error" role="alert">{{ERROR_TEXT}}</p>
  <form class="inline-form" method="post" action="{{BASE}}/clients/imports/{{ID}}/retry">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <button type="submit">{{_Queue it again_}}</button>
  </form>
{{/FAILED}}
{{#REFUSED}}
  <p class="notice notice-error" role="alert">{{REFUSED_TEXT}}</p>
  <p><a href="{{BASE}}/clients/imports/{{ID}}/report.csv">{{_Download the list of problems (CSV)_}}</a></p>
  <div class="table-wrap">
    <table class="import-report">
      <thead>
        <tr>
          <th scope="col">{{_Line_}}</th>
          <th scope="col">{{_Field_}}</th>
          <th scope="col">{{_Problem_}}</th>
        </tr>
      </thead>
      <tbody>
{{#REASON}}
        <tr><td class="line">{{LINE}}</td><td>{{FIELD}}</td><td>{{REASON_TEXT}}</td></tr>
{{/REASON}}
      </tbody>
    </table>
  </div>
{{#CAPPED}}
  <p class="muted">{{CAPPED}}</p>
{{/CAPPED}}
{{#PAGER}}
  <nav class="pager" aria-label="{{_Pages_}}">
{{#PREV}}
    <a href="{{BASE}}/clients/imports/{{ID}}?page={{PAGE}}" rel="prev">{{_Previous_}}</a>
{{/PREV}}
    <span>{{PAGE_INFO}}</span>
{{#NEXT}}
    <a href="{{BASE}}/clients/imports/{{ID}}?page={{PAGE}}" rel="next">{{_Next_}}</a>
{{/NEXT}}
  </nav>
{{/PAGER}}
{{/REFUSED}}
  <p><a href="{{BASE}}/clients/import">{{_Import another file_}}</a> · <a href="{{BASE}}/clients/imports">{{_Earlier imports_}}</a></p>
</section>
