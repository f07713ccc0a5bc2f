using System.Diagnostics;
using Collab.Contracts.Knowledge;
using Collab.Grains.Knowledge;
using Collab.Silo.Knowledge;
using Collab.Silo.Postgres;
using HdrHistogram;
using Npgsql;

// Knowledge base search latency on the PostgreSQL adapter: fills a database of its own with N published cases
// (synthetic, anonymised, pseudonymous ids), then runs searches with words and two facets, as the search page does
// (a page of 20 hits with extracts, the total and five facet counts), one after the other, and reports p50/p90/p99.
//   dotnet run -c Release --project load-tests/Collab.KnowledgeLoad -- "<admin connection string>" [cases=100000] [searches=2000]
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: Collab.KnowledgeLoad <admin connection string> [cases] [searches]");
    return 2;
}

var admin = args[0];
var cases = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
var searches = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 2_000;
const string database = "collab_knowledge_bench";

await using var dataSource = await Collab.LoadTests.BenchDatabase.CreateAsync(admin, database);
var index = new PostgresKnowledgeIndex(dataSource);

var random = new Random(19);
string[] specialties = ["Cardiologie", "Dermatologie", "Rhumatologie", "Pneumologie", "Endocrinologie", "Neurologie", "Gastro-entérologie", "Psychiatrie"];
var codes = Icd10.Codes.Keys.ToArray();
string[] findings = ["palpitations", "dyspnée", "douleur thoracique", "syncope", "œdèmes", "éruption", "prurit", "plaques", "lombalgie", "arthralgies",
    "toux", "fièvre", "céphalées", "vertiges", "asthénie", "amaigrissement", "reflux", "polyurie", "tremblement", "anxiété"];
string[] exams = ["ECG", "Holter", "échographie", "scanner", "IRM", "biopsie", "spirométrie", "bilan thyroïdien", "HbA1c", "épreuve d'effort",
    "dermoscopie", "radiographie", "fibroscopie", "polysomnographie", "EEG"];
string[] treatments = ["bêtabloquant", "anticoagulant", "dermocorticoïdes", "méthotrexate", "metformine", "inhibiteur de la pompe à protons",
    "antalgiques", "kinésithérapie", "ISRS", "bronchodilatateur", "statine", "diurétique"];
string Pick(string[] words) => words[random.Next(words.Length)];

var watch = Stopwatch.StartNew();
var start = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
for (var done = 0; done < cases; done += 1000)
{
    var batch = Enumerable.Range(done, Math.Min(1000, cases - done)).Select(i =>
    {
        var picked = Enumerable.Range(0, random.Next(1, 3)).Select(_ => codes[random.Next(codes.Length)]).Distinct().ToList();
        var published = start.AddMinutes(random.Next(0, 7 * 365 * 24 * 60));
        var question = $"Patient(e) présentant des {Pick(findings)} et des {Pick(findings)} depuis quelques semaines ; {Pick(exams)} sans anomalie. Faut-il un {Pick(exams)} ou débuter un {Pick(treatments)} ?";
        var answer = $"Je proposerais d'abord un {Pick(exams)}, puis selon le résultat un {Pick(treatments)} ; revoir à trois mois. Un {Pick(exams)} si les {Pick(findings)} persistent.";
        return new KnowledgeDocument(
            $"bench{i:D7}", question, answer, $"{Pick(findings)} : {Pick(exams)} puis {Pick(treatments)}.", Pick(specialties), picked,
            picked.Select(c => Icd10.ChapterOf(c)!).Distinct().ToList(), (AgeBand)random.Next(7), (CaseSex)random.Next(3), published.Year,
            $"a{random.Next(5000):x8}", $"r{random.Next(800):x8}", $"s{i:x8}", published);
    }).ToList();
    await index.IndexAsync(batch);
}

await using (var analyze = dataSource.CreateCommand("ANALYZE knowledge_document"))
{
    await analyze.ExecuteNonQueryAsync();
}

Console.WriteLine($"indexed {cases:N0} cases in {watch.Elapsed.TotalSeconds:F1} s");

async Task<LongHistogram> RunAsync(string name, Func<KnowledgeQuery> next)
{
    var histogram = new LongHistogram(TimeStamp.Seconds(10), 3);
    long hits = 0;
    for (var i = 0; i < Math.Min(200, searches / 5); i++)
    {
        await index.SearchAsync(next()); // warm-up
    }

    for (var i = 0; i < searches; i++)
    {
        var query = next();
        var began = Stopwatch.GetTimestamp();
        var result = await index.SearchAsync(query);
        histogram.RecordValue(Stopwatch.GetTimestamp() - began);
        hits += result.Total;
    }

    double Ms(double percentile) => histogram.GetValueAtPercentile(percentile) * 1000.0 / Stopwatch.Frequency;
    Console.WriteLine($"| {name} | {searches:N0} | {hits / searches:N0} | {Ms(50):F1} | {Ms(90):F1} | {Ms(99):F1} | {histogram.GetMaxValue() * 1000.0 / Stopwatch.Frequency:F1} |");
    return histogram;
}

Console.WriteLine("| search | runs | mean matches | p50 ms | p90 ms | p99 ms | max ms |");
Console.WriteLine("|---|---|---|---|---|---|---|");
await RunAsync("one word + specialty + age band", () => new KnowledgeQuery(Pick(findings).Split(' ')[0], Pick(specialties), AgeBand: (AgeBand)random.Next(7)));
await RunAsync("two words + chapter + year", () => new KnowledgeQuery($"{Pick(exams).Split(' ')[0]} {Pick(treatments).Split(' ')[0]}", Chapter: Icd10.ChapterOf(codes[random.Next(codes.Length)]), Year: 2020 + random.Next(7)));
await RunAsync("no words, specialty + sex (newest first)", () => new KnowledgeQuery(null, Pick(specialties), Sex: (CaseSex)random.Next(3)));
await RunAsync("one word, no filter", () => new KnowledgeQuery(Pick(exams).Split(' ')[0]));
return 0;
