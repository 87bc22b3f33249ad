{{%AUTOESCAPE context="HTML"}}
{{!-- The business's imports, newest first: ROWS/ROW (ID, FILENAME,
      KIND_LABEL, STATUS, ROWS, INSERTED, UPDATED, ERRORS, CREATED, BY),
      EMPTY, PAGER with PREV/NEXT PAGE. --}}
<section>
  <h1>{{_Imports_}}</h1>
  <p><a class="button" href="{{BASE}}/clients/import">{{_Import a file_}}</a></p>
{{#EMPTY}}
  <p class="muted">{{_No imports yet._}}</p>
{{/EMPTY}}
{{#ROWS}}
  <div class="table-wrap">
    <table>
      <thead>
        <tr>
          <th scope="col">{{_File_}}</th>
          <th scope="col">{{_Kind_}}</th>
          <th scope="col">{{_Status_}}</th>
          <th scope="col">{{_Rows_}}</th>
          <th scope="col">{{_New_}}</th>
          <th scope="col">{{_Updated_}}</th>
          <th scope="col">{{_Rows with problems_}}</th>
          <th scope="col">{{_Uploaded (UTC)_}}</th>
          <th scope="col">{{_By_}}</th>
        </tr>
      </thead>
      <tbody>
{{#ROW}}
        <tr>
          <td><a href="{{BASE}}/clients/imports/{{ID}}">{{FILENAME}}</a></td>
          <td>{{KIND_LABEL}}</td>
          <td>{{STATUS}}</td>
          <td>{{ROWS}}</td>
          <td>{{INSERTED}}</td>
          <td>{{UPDATED}}</td>
          <td>{{ERRORS}}</td>
          <td>{{CREATED}}</td>
          <td>{{BY}}</td>
        </tr>
{{/ROW}}
      </tbody>
    </table>
  </div>
{{/ROWS}}
{{#PAGER}}
  <nav class="pager" aria-label="{{_Pages_}}">
{{#PREV}}
    <a href="{{BASE}}/clients/imports?page={{PAGE}}" rel="prev">{{_Previous_}}</a>
{{/PREV}}
{{#NEXT}}
    <a href="{{BASE}}/clients/imports?page={{PAGE}}" rel="next">{{_Next_}}</a>
{{/NEXT}}
  </nav>
{{/PAGER}}
</section>
