{{%AUTOESCAPE context="HTML"}}
{{!-- The upload form of an import: KIND and SEP options, MAX_SIZE (the
      limit as a sentence),
      ERR_FILE with MSG after a refused upload. --}}
<section>
  <h1>{{_Import from a CSV file_}}</h1>
  <p>{{_Save the spreadsheet as CSV (UTF-8; Excel: “CSV UTF-8”). The first line must hold the column names. Next you choose which field each column fills._}}</p>
  <p class="muted">{{_Every row is checked first. If any row has a problem, nothing is imported and you get the list of those rows with their line numbers. Rows are matched to existing clients by external ID, then by e-mail: those clients are updated, so importing the same file again adds nothing._}}</p>
  <form class="form-stack" method="post" action="{{BASE}}/clients/import" enctype="multipart/form-data">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="kind">{{_What the file holds_}}</label>
      <select id="kind" name="kind">
{{#KIND}}
        <option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/KIND}}
      </select>
    </div>
    <div class="field">
      <label for="sep">{{_Separator_}}</label>
      <select id="sep" name="sep">
{{#SEP}}
        <option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/SEP}}
      </select>
    </div>
    <div class="field">
      <label for="file">{{_File_}}</label>
      <input type="file" id="file" name="file" accept=".csv,text/csv" required>
      <p class="field-hint">{{MAX_SIZE}}</p>
{{#ERR_FILE}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_FILE}}
    </div>
    <div class="form-actions">
      <button type="submit">{{_Upload_}}</button>
    </div>
  </form>
  <p><a href="{{BASE}}/clients/imports">{{_Earlier imports_}}</a></p>
</section>
