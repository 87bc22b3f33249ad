{{%AUTOESCAPE context="HTML"}}
{{!-- Choosing the field of each column: ID, FILENAME, KIND_LABEL, ROWS,
      COLUMN (N, HEADER, SAMPLE, OPTION with CODE, LABEL, SELECTED). --}}
<section>
  <h1>{{_Which field does each column fill?_}}</h1>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="alert">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
  <p>{{FILENAME}} · {{KIND_LABEL}} · {{ROWS}}</p>
  <p class="muted">{{_Columns set to “do not import” are left out. An empty cell in an imported column clears that field of an existing client._}}</p>
  <form method="post" action="{{BASE}}/clients/imports/{{ID}}/mapping">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{{_Column_}}</th>
            <th scope="col">{{_First values_}}</th>
            <th scope="col">{{_Field_}}</th>
          </tr>
        </thead>
        <tbody>
{{#COLUMN}}
          <tr>
            <th scope="row"><label for="map{{N}}">{{HEADER}}</label></th>
            <td class="muted">{{SAMPLE}}</td>
            <td>
              <select id="map{{N}}" name="map">
{{#OPTION}}
                <option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/OPTION}}
              </select>
            </td>
          </tr>
{{/COLUMN}}
        </tbody>
      </table>
    </div>
    <div class="form-actions">
      <button type="submit">{{_Start the import_}}</button>
    </div>
  </form>
</section>
