#!/bin/sh
# gen_clients.sh N [SEED] > clients.csv
# Writes a CSV (';'-separated, UTF-8 with a byte-order mark, CRLF, as Excel
# saves it) of N realistic clients for import benchmarks and tests: Russian
# and Belarusian names, e-mails and phones unique within the file (derived
# from the row number), birth dates, gender, region and city, source,
# first-seen date in the last two years, consent and one or two tags; a
# tenth of the names carry a comma and so are quoted. The same N and SEED
# give the same file (with the same awk).
set -eu
n=${1:?usage: gen_clients.sh N [SEED]}
seed=${2:-1}
printf '\357\273\277'
awk -v n="$n" -v seed="$seed" 'BEGIN {
  srand(seed)
  split("Анна Мария Елена Ольга Татьяна Наталья Ирина Светлана Юлия Екатерина Алина Дарья Полина Вероника Ксения", ff, " ")
  split("Александр Дмитрий Сергей Андрей Алексей Максим Иван Павел Артём Никита Владимир Михаил Евгений Игорь Олег", mf, " ")
  split("Иванов Петров Сидоров Козлов Новиков Морозов Волков Соколов Лебедев Кузнецов Ковалёв Шевчук Бондарь Мельник Климович", ln, " ")
  split("minsk:Минск brest:Брест vitebsk:Витебск gomel:Гомель grodno:Гродно mogilev:Могилёв minsk_region:Борисов gomel_region:Мозырь other:Москва other:Вильнюс", rc, " ")
  split("social friends search advertising walk_in other", src, " ")
  split("VIP постоянный новый опт акция скидка-10 день-рождения", tg, " ")
  print "external_id;name;email;phone;birth_date;gender;region;city;source;first_seen;marketing_consent;tags\r"
  for (i = 1; i <= n; i++) {
    female = rand() < 0.62
    first = female ? ff[int(rand() * 15) + 1] : mf[int(rand() * 15) + 1]
    last = ln[int(rand() * 15) + 1]
    if (female && last !~ /(ук|арь|ник|ич)$/) last = last "а"
    name = last " " first
    if (rand() < 0.1) name = "\"" last ", " first "\""
    y = 1950 + int(rand() * 55); m = 1 + int(rand() * 12); d = 1 + int(rand() * 28)
    split(rc[int(rand() * 10) + 1], r, ":")
    fy = 2024 + int(rand() * 2); fm = 1 + int(rand() * 12); fd = 1 + int(rand() * 28)
    tags = tg[int(rand() * 7) + 1]
    if (rand() < 0.3) tags = tags ", " tg[int(rand() * 7) + 1]
    printf "C%07d;%s;client%d@example.by;+37529%07d;%04d-%02d-%02d;%s;%s;%s;%s;%02d.%02d.%04d;%s;%s\r\n",
      i, name, i, i, y, m, d, female ? "female" : "male", r[1], r[2], src[int(rand() * 6) + 1],
      fd, fm, fy, rand() < 0.55 ? "да" : "нет", tags
  }
}'
