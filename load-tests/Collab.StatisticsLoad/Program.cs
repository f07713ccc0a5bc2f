using System.Diagnostics;
using Collab.Silo.Postgres;
using HdrHistogram;
using Npgsql;
using NpgsqlTypes;

// Statistics latency on PostgreSQL: fills a database of its own with N consultations in the index (20 structures,
// each with 5 groups and 50 practitioners in the directory; requests spread over 3 years, 70 % answered), then reads
// the statistics page's numbers (PostgresStatisticsStore.ReadAsync: one batch) for a structure over 12 months and
// for the whole platform, one after the other, and reports p50/p95/p99.
//   dotnet run -c Release --project load-tests/Collab.StatisticsLoad -- "<admin connection string>" [consultations=100000] [reads=500]
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: Collab.StatisticsLoad <admin connection string> [consultations] [reads]");
    return 2;
}

var admin = args[0];
var consultations = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
var reads = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 500;
const string database = "collab_statistics_bench";

await using var dataSource = await Collab.LoadTests.BenchDatabase.CreateAsync(admin, database);

var random = new Random(22);
string[] specialties = ["Cardiologie", "Dermatologie", "Rhumatologie", "Pneumologie", "Endocrinologie", "Neurologie", "Gastro-entérologie", "Psychiatrie"];
var structures = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToArray();
var groups = structures.SelectMany(s => Enumerable.Range(0, 5).Select(_ => (Id: Guid.NewGuid(), Structure: s))).ToArray();
var people = structures.SelectMany(s => Enumerable.Range(0, 50).Select(_ => (Id: Guid.NewGuid(), Structure: s))).ToArray();
var outside = Enumerable.Range(0, 2000).Select(_ => Guid.NewGuid()).ToArray(); // general practitioners with no structure

var watch = Stopwatch.StartNew();
await using (var connection = await dataSource.OpenConnectionAsync())
{
    await using (var import = await connection.BeginBinaryImportAsync("COPY directory_entry (id, kind, name, search_key, specialty, structure_id, listed) FROM STDIN (FORMAT BINARY)"))
    {
        var n = 0;
        foreach (var (id, structure) in groups.Select(g => (g.Id, g.Structure)).Concat(people.Select(p => (p.Id, p.Structure))))
        {
            var isGroup = n++ < groups.Length;
            await import.StartRowAsync();
            await import.WriteAsync(id, NpgsqlDbType.Uuid);
            await import.WriteAsync((short)(isGroup ? 2 : 1), NpgsqlDbType.Smallint);
            await import.WriteAsync($"entrée {n}", NpgsqlDbType.Text);
            await import.WriteAsync($"entree {n}", NpgsqlDbType.Text);
            await import.WriteAsync(specialties[random.Next(specialties.Length)], NpgsqlDbType.Text);
            await import.WriteAsync(structure, NpgsqlDbType.Uuid);
            await import.WriteAsync(true, NpgsqlDbType.Boolean);
        }

        await import.CompleteAsync();
    }

    var end = DateTimeOffset.UtcNow;
    await using (var import = await connection.BeginBinaryImportAsync(
        "COPY consultation_index (consultation_id, status, requester_id, required_practitioner, required_group, accepted_by, updated_at, requested_at, answered_at, act_code, billing, reminded_at) FROM STDIN (FORMAT BINARY)"))
    {
        for (var i = 0; i < consultations; i++)
        {
            var requested = end.AddMinutes(-random.Next(3 * 365 * 24 * 60));
            var toGroup = random.Next(3) > 0;
            var group = groups[random.Next(groups.Length)];
            var person = people[random.Next(people.Length)];
            var answered = random.Next(10) < 7;
            var hours = answered ? random.NextDouble() * random.Next(1, 300) : 0;
            await import.StartRowAsync();
            await import.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
            await import.WriteAsync((short)(answered ? (random.Next(2) == 0 ? 4 : 5) : random.Next(10) switch { < 6 => 2, < 8 => 3, 8 => 6, _ => 7 }), NpgsqlDbType.Smallint);
            await import.WriteAsync(random.Next(4) == 0 ? people[random.Next(people.Length)].Id : outside[random.Next(outside.Length)], NpgsqlDbType.Uuid);
            if (toGroup)
            {
                await import.WriteNullAsync();
                await import.WriteAsync(group.Id, NpgsqlDbType.Uuid);
            }
            else
            {
                await import.WriteAsync(person.Id, NpgsqlDbType.Uuid);
                await import.WriteNullAsync();
            }

            if (answered)
            {
                await import.WriteAsync(toGroup ? people[random.Next(people.Length)].Id : person.Id, NpgsqlDbType.Uuid);
            }
            else
            {
                await import.WriteNullAsync();
            }

            await import.WriteAsync(requested.AddHours(hours), NpgsqlDbType.TimestampTz);
            await import.WriteAsync(requested, NpgsqlDbType.TimestampTz);
            if (answered)
            {
                await import.WriteAsync(requested.AddHours(hours), NpgsqlDbType.TimestampTz);
                await import.WriteAsync(random.Next(2) == 0 ? "TE1" : "TE2", NpgsqlDbType.Text);
                await import.WriteAsync((short)random.Next(1, 3), NpgsqlDbType.Smallint);
            }
            else
            {
                await import.WriteNullAsync();
                await import.WriteNullAsync();
                await import.WriteAsync((short)0, NpgsqlDbType.Smallint);
            }

            if (!answered && random.Next(2) == 0)
            {
                await import.WriteAsync(requested.AddDays(5), NpgsqlDbType.TimestampTz);
            }
            else
            {
                await import.WriteNullAsync();
            }
        }

        await import.CompleteAsync();
    }

    await new NpgsqlCommand("ANALYZE", connection).ExecuteNonQueryAsync();
}

Console.WriteLine($"filled {consultations:N0} consultations, {groups.Length + people.Length:N0} directory entries in {watch.Elapsed.TotalSeconds:0.0} s");
var store = new PostgresStatisticsStore(dataSource);
var to = DateTimeOffset.UtcNow;
var from = to.AddMonths(-12);
foreach (var (name, structure) in new[] { ("one structure, 12 months", (Guid?)structures[0]), ("the whole platform, 12 months", null) })
{
    for (var warm = 0; warm < 20; warm++)
    {
        await store.ReadAsync(structure, from, to);
    }

    var histogram = new LongHistogram(TimeStamp.Minutes(1), 3);
    long received = 0;
    for (var i = 0; i < reads; i++)
    {
        var started = Stopwatch.GetTimestamp();
        var read = await store.ReadAsync(structure, from, to);
        histogram.RecordValue(Stopwatch.GetTimestamp() - started);
        received = read.Received;
    }

    double Ms(double percentile) => histogram.GetValueAtPercentile(percentile) * 1000.0 / Stopwatch.Frequency;
    Console.WriteLine($"{name}: {received:N0} requests received; p50 {Ms(50):0.0} ms, p95 {Ms(95):0.0} ms, p99 {Ms(99):0.0} ms, max {histogram.GetMaxValue() * 1000.0 / Stopwatch.Frequency:0.0} ms ({reads} reads)");
}

return 0;
