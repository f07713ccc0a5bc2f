using System.Collections.Concurrent;
using System.Diagnostics;
using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using HdrHistogram;
using Microsoft.AspNetCore.SignalR.Client;
using CpuSample = (System.Collections.Generic.Dictionary<int, (string Label, System.TimeSpan Cpu)> Nodes, System.Collections.Generic.Dictionary<int, System.TimeSpan> Postgres);

// Live consultations under load, against a running platform in Development with its demo data
// (`./collab run`): the demo operator validates the load accounts.
//   dotnet run -c Release --project load-tests/Collab.ConsultationLoad -- fanout [baseUrl] [consultations] [members] [msgPerSecond] [seconds]
//   dotnet run -c Release --project load-tests/Collab.ConsultationLoad -- sweep [baseUrl] [consultations] [members] [rates, e.g. 250,500,1000] [seconds each]
//   dotnet run -c Release --project load-tests/Collab.ConsultationLoad -- long [baseUrl] [messages]
//   dotnet run -c Release --project load-tests/Collab.ConsultationLoad -- search [baseUrl] [messages]
//   dotnet run -c Release --project load-tests/Collab.ConsultationLoad -- mail [baseUrl] [messages]
//   dotnet run -c Release --project load-tests/Collab.ConsultationLoad -- smtp [baseUrl] [messages] [smtpPort] [connections]
//   dotnet run -c Release --project load-tests/Collab.ConsultationLoad -- clients [baseUrl] [clients, e.g. 5000] [members] [msgPerSecond] [seconds]
//   dotnet run -c Release --project load-tests/Collab.ConsultationLoad -- chaos [baseUrl] [consultations] [members] [msgPerSecond] [seconds] [runs] [--only silo,web,db]
// fanout: N consultations, each a requester and a group of M−1 confirmed members (created by the
// operator with its first member as founder; the operator is no member), every member a
// SignalR client (cookie login, like a user) joined to its consultation; senders spread over all
// clients at R msg/s in total (open loop). Reports persisted messages/s, deliveries/s,
// send→receive latency (HdrHistogram), lost and duplicated deliveries, server CPU and memory.
// sweep: one set-up, then one fanout run per rate on the same clients; a table, and the first rate whose p99
// send→receive passes 50 ms.
// clients: the memory variant — many connected, joined clients (clients / members consultations) and a
// low send rate; reports the server's working set before and after they connect, and its peak while sending.
// Every set-up is saved in .collab/ and re-used (logged in again) by the next invocation of the same shape.
// long: one consultation, one sender, messages acknowledged one after the other; compares the
// cost of the first messages with the last (an append must not grow with the log).
// mail: N secure messages of ~2 KB into one mailbox through the API (8 senders at once), then the webmail's reads:
// the inbox's first page of 50, a page deep in it, one message opened, and a search by words over the whole mailbox.
// smtp: the operator sets up, in the demo hospital, a service mailbox (Dr Claire Martin responsible) and a lab's
// applicative mailbox with a sending key; then C SMTP connections (STARTTLS, AUTH with the key) send N messages of a
// 100 KB body and a 1 MB attachment to the service mailbox. Reports messages/s, MB/s, and each message's latency.
// search: one discussion of N messages (1 in 100 holding a rare word), then the searches a member runs over their
// discussions (POST /api/v1/discussions/search: read and decrypted in the session); reports the time of each.
// chaos: the fanout on `./collab cluster`, and during the run, at a quarter, half and three quarters of it: kill -9 the
// silo holding the most consultations, kill -9 a web node, restart PostgreSQL (`./collab db restart`); the cluster
// starts the killed processes again. Reports, besides the fanout's counts, the errors clients saw (and retried with the
// same client message id) and, per failure, the time until every client received again. Before each run after the
// first, every client's connection is closed and opened again, so that each run's web-node kill finds the clients
// spread over the nodes as the entry point places them (the last kill left them all on the survivor).
// --discussions (fanout, sweep, clients): the rooms are discussions between the M colleagues instead of consultations
// addressed to a group — the same conversation mechanism, joined with JoinDiscussion.
var discussions = args.Contains("--discussions");
args = [.. args.Where(a => a != "--discussions")];
// --only silo,web,db (chaos): cause only these failures, at their usual times.
var chaosFailures = TakeOption("--only")?.Split(',') ?? ["silo", "web", "db"];
// --every S (fanout, sweep): also print, every S seconds of a run, that window's send→receive p50/p99 and CPU — to see
// whether a run gets slower as it goes.
var every = TakeOption("--every") is { } windowSeconds ? int.Parse(windowSeconds, CultureInfo.InvariantCulture) : 0;

// Takes "name value" out of the arguments (the positional ones stay in place): the value, or null without the option.
string? TakeOption(string name)
{
    var value = args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
    args = [.. args.TakeWhile(a => a != name), .. args.SkipWhile(a => a != name).Skip(2)];
    return value;
}

var mode = args.ElementAtOrDefault(0) ?? "fanout";
var baseUrl = new Uri(args.ElementAtOrDefault(1) ?? "http://127.0.0.1:5080");
const string Password = "charge des consultations en direct";
const string DemoPassword = "collab demo 2026";
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);

var operatorClient = await Session.LogInAsync(baseUrl, "operateur@collab.demo", DemoPassword);
if (mode == "mail")
{
    await MailAsync(int.Parse(args.ElementAtOrDefault(2) ?? "10000", CultureInfo.InvariantCulture));
    return 0;
}

if (mode == "smtp")
{
    await SmtpAsync(
        int.Parse(args.ElementAtOrDefault(2) ?? "500", CultureInfo.InvariantCulture),
        int.Parse(args.ElementAtOrDefault(3) ?? "2525", CultureInfo.InvariantCulture),
        int.Parse(args.ElementAtOrDefault(4) ?? "4", CultureInfo.InvariantCulture));
    return 0;
}

if (mode == "search")
{
    await SearchAsync(int.Parse(args.ElementAtOrDefault(2) ?? "10000", CultureInfo.InvariantCulture));
    return 0;
}

if (mode == "long")
{
    var total = int.Parse(args.ElementAtOrDefault(2) ?? "100000", CultureInfo.InvariantCulture);
    await LongAsync(total);
    return 0;
}

// clients: the memory variant — N connected, joined clients (N / members consultations), few senders.
var members = int.Parse(args.ElementAtOrDefault(3) ?? "20", CultureInfo.InvariantCulture);
var consultationCount = mode == "clients"
    ? int.Parse(args.ElementAtOrDefault(2) ?? "5000", CultureInfo.InvariantCulture) / members
    : int.Parse(args.ElementAtOrDefault(2) ?? "50", CultureInfo.InvariantCulture);
var rates = (args.ElementAtOrDefault(4) ?? (mode switch { "sweep" => "250,500,750,1000,1250", "clients" => "50", _ => "250" }))
    .Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => double.Parse(r, CultureInfo.InvariantCulture)).ToList();
const int WarmUpSeconds = 20;
var seconds = int.Parse(args.ElementAtOrDefault(5) ?? (mode is "sweep" or "chaos" ? "60" : "300"), CultureInfo.InvariantCulture);

// A set-up is kept in .collab/ (ignored by git) per platform and shape; the next invocation logs the same accounts in.
var savedSetup = Path.Combine(".collab", $"load-setup-{baseUrl.Host}-{baseUrl.Port}-{consultationCount}x{members}{(discussions ? "-discussions" : "")}.json");
var setup = Stopwatch.StartNew();
var rooms = new List<Room>();
var saved = File.Exists(savedSetup) ? JsonSerializer.Deserialize<List<SavedRoom>>(File.ReadAllText(savedSetup), json) : null;
Console.WriteLine(saved is null
    ? $"setting up {consultationCount} {(discussions ? "discussions" : "consultations")} × {members} members on {baseUrl}…"
    : $"logging in the {consultationCount} × {members} accounts of {savedSetup}…");
using (var gate = new SemaphoreSlim(4))
{
    var tasks = Enumerable.Range(0, consultationCount).Select(async c =>
    {
        await gate.WaitAsync();
        try
        {
            return saved is null ? await SetUpRoomAsync(c) : await LogInRoomAsync(saved[c]);
        }
        finally
        {
            gate.Release();
        }
    });
    rooms.AddRange(await Task.WhenAll(tasks));
}

// Saved with each room's last acknowledged sequence, so the next invocation's clients join from there instead of reading the
// whole discussion again (after a few runs, tens of thousands of items per client).
void SaveSetup()
{
    Directory.CreateDirectory(".collab");
    File.WriteAllText(savedSetup, JsonSerializer.Serialize(rooms.Select(r => new SavedRoom(r.Id, r.Members.Select(m => new SavedMember(m.Id, m.Email)).ToList(), r.Acknowledged.IsEmpty ? r.Since : r.Acknowledged.Max())).ToList(), json));
}

if (saved is null)
{
    SaveSetup();
}

Console.WriteLine($"set up in {setup.Elapsed.TotalSeconds:F0} s; connecting {rooms.Sum(r => r.Members.Count)} SignalR clients…");
var latency = new LongHistogram(TimeStamp.Seconds(60), 3);
var clients = new List<LiveClient>();
foreach (var room in rooms)
{
    foreach (var member in room.Members)
    {
        clients.Add(new LiveClient(room, member, baseUrl, latency, keepReceipts: mode == "chaos"));
    }
}

var server = ServerProcess.Find();
var idle = server?.WorkingSet() ?? 0;
foreach (var batch in clients.Chunk(50))
{
    await Task.WhenAll(batch.Select(c => c.ConnectAsync()));
}

if (server is not null)
{
    await Task.Delay(TimeSpan.FromSeconds(5)); // let the server settle
    var connected = server.WorkingSet();
    Console.WriteLine(FormattableString.Invariant(
        $"server working set: {idle / 1024 / 1024} MiB before connecting, {connected / 1024 / 1024} MiB with {clients.Count} joined clients ({(connected - idle) / 1024.0 / clients.Count:F1} KiB each)"));
}

// A warm-up at the first rate, reported but not counted: tiered compilation, first activations and caches settle
// before the measured minutes (without it, the first run of every sweep was the worst: docs/benchmarks.md).
Console.WriteLine("warm-up, not counted:");
await RunAsync(rates[0], WarmUpSeconds);

var results = new List<RunResult>();
if (mode == "chaos")
{
    // Several runs on the same clients (args[6], default 1), each after the cluster restarted what the last one killed.
    var runs = int.Parse(args.ElementAtOrDefault(6) ?? "1", CultureInfo.InvariantCulture);
    for (var run = 1; run <= runs; run++)
    {
        if (run > 1 && chaosFailures.Contains("web"))
        {
            // The last run's web-node kill left every client on the survivor: each run starts with the clients spread
            // over the web nodes as the entry point places new connections, so that each kills the same share.
            await Parallel.ForEachAsync(clients, new ParallelOptions { MaxDegreeOfParallelism = 20 }, async (client, _) => await client.ReopenAsync());
            Console.WriteLine($"reopened every connection: {Chaos.ConnectionsPerWebNode(baseUrl.Port)}");
        }

        Console.WriteLine($"chaos run {run} of {runs}:");
        results.Add(await RunAsync(rates[0], seconds, Chaos.Failures(seconds, baseUrl.Port, chaosFailures)));
        if (run < runs)
        {
            await Task.Delay(TimeSpan.FromSeconds(30)); // the killed processes started again and ready
        }
    }
}
else
{
    foreach (var rate in rates)
    {
        results.Add(await RunAsync(rate, seconds));
    }
}

if (results.Count > 1)
{
    Console.WriteLine();
    Console.WriteLine("| R msg/s | persisted/s | deliveries/s | failed | lost/dup | p50 ms | p99 ms | server CPU | PostgreSQL CPU | generator CPU | peak MiB |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
    foreach (var r in results)
    {
        Console.WriteLine(FormattableString.Invariant(
            $"| {r.Rate:0} | {r.Persisted:0} | {r.Deliveries:0} | {r.Failed} | {r.Lost}/{r.Duplicated} | {r.P50:0.0} | {r.P99:0.0} | {r.ServerCpu:0}% | {r.PostgresCpu:0}% | {r.GeneratorCpu:0}% | {r.PeakMiB} |"));
    }

    var knee = results.FirstOrDefault(r => r.P99 > 50);
    Console.WriteLine(knee is null ? "p99 send→receive stays within 50 ms at every rate swept" : $"p99 send→receive first passes 50 ms at R = {knee.Rate:0} msg/s");
}

SaveSetup();

foreach (var client in clients)
{
    await client.DisposeAsync();
}

return results.All(r => r.Lost == 0 && r.Duplicated == 0 && r.Failed == 0) ? 0 : 1;

// One open-loop run at R msg/s on the connected clients, drained and counted on its own; the failures, if any, are
// caused at their time during the run.
async Task<RunResult> RunAsync(double rate, int duration, IReadOnlyList<Failure>? failures = null)
{
    // Each run counts on its own: what the clients held and received before it is set aside.
    latency.Reset();
    var ackedBefore = rooms.ToDictionary(r => r, r => r.Acknowledged.Count);
    var deliveredBefore = clients.Sum(c => c.Distinct);
    var duplicatedBefore = clients.Sum(c => c.Duplicates);
    var before = server?.Sample();
    var generatorBefore = Process.GetCurrentProcess().TotalProcessorTime;
    Console.WriteLine($"sending {rate} msg/s for {duration} s…");
    var sent = 0L;
    var failed = 0L;
    var acks = new LongHistogram(TimeStamp.Seconds(60), 3);
    // Sends in flight are counted, not kept: 60,000 tasks held to the end of a run made the generator's own heap,
    // and its collection pauses, part of what it measured.
    var inFlight = 1L;
    var allAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    void Answered()
    {
        if (Interlocked.Decrement(ref inFlight) == 0)
        {
            allAnswered.TrySetResult();
        }
    }

    async Task SendOneAsync(LiveClient sender)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var sequence = await sender.SendAsync();
            lock (acks)
            {
                acks.RecordValue(Stopwatch.GetTimestamp() - started);
            }

            sender.Room.Acknowledged.Enqueue(sequence);
            sender.Room.AcknowledgedAt.Enqueue(Stopwatch.GetTimestamp());
            Interlocked.Increment(ref sent);
        }
        catch (Exception)
        {
            Interlocked.Increment(ref failed);
        }
        finally
        {
            Answered();
        }
    }

    var errorsBefore = LiveClient.Errors;
    var retriedBefore = LiveClient.RetriedSends;
    var clock = Stopwatch.StartNew();
    var caused = new List<(Failure Failure, long At)>();
    var causing = Task.WhenAll((failures ?? []).Select(async f =>
    {
        await Task.Delay(TimeSpan.FromSeconds(f.AtSeconds));
        var (what, at) = await f.Cause(); // at: the kill or the stop itself, not the search for its victim before it
        Console.WriteLine(FormattableString.Invariant($"  at {clock.Elapsed.TotalSeconds:F0} s: {f.Name} ({what})"));
        lock (caused)
        {
            caused.Add((f, at));
        }
    }));
    using var windows = new CancellationTokenSource();
    var reporting = every > 0 ? ReportWindowsAsync(windows.Token) : Task.CompletedTask;
    var peakMemory = 0L;
    for (var n = 0L; n < rate * duration; n++)
    {
        var wait = TimeSpan.FromSeconds(n / rate) - clock.Elapsed; // read once: the clock moves between two reads
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        if (n % (long)Math.Max(1, rate) == 0 && server is not null)
        {
            peakMemory = Math.Max(peakMemory, server.WorkingSet());
        }

        var sender = clients[(int)(n * 7919 % clients.Count)]; // spread over clients and rooms
        Interlocked.Increment(ref inFlight);
        _ = SendOneAsync(sender);
    }

    Answered();
    await allAnswered.Task;
    await causing;
    await windows.CancelAsync();
    await reporting;
    var elapsed = clock.Elapsed;
    var after = server?.Sample();
    var generatorCpu = (Process.GetCurrentProcess().TotalProcessorTime - generatorBefore).TotalSeconds / clock.Elapsed.TotalSeconds * 100;

    // Drain: wait until every client holds every acknowledged message, or nothing moves for 10 s.
    var lastCount = -1L;
    var quiet = Stopwatch.StartNew();
    while (quiet.Elapsed < TimeSpan.FromSeconds(10))
    {
        var count = clients.Sum(c => c.Distinct);
        if (count != lastCount)
        {
            lastCount = count;
            quiet.Restart();
        }

        if (clients.All(c => c.Room.Acknowledged.All(c.Holds)))
        {
            break;
        }

        await Task.Delay(200);
    }

    IEnumerable<long> ThisRun(Room room) => room.Acknowledged.Skip(ackedBefore[room]);
    var expected = clients.Sum(c => (long)ThisRun(c.Room).Count());
    var lost = clients.Sum(c => (long)ThisRun(c.Room).Count(s => !c.Holds(s)));
    var duplicated = clients.Sum(c => c.Duplicates) - duplicatedBefore;
    var delivered = clients.Sum(c => c.Distinct) - deliveredBefore;
    double Ms(LongHistogram h, double p) => h.GetValueAtPercentile(p) * 1000.0 / Stopwatch.Frequency;
    Console.WriteLine($"R = {rate} msg/s: clients {clients.Count}, consultations {rooms.Count}, duration {elapsed.TotalSeconds:F0} s");
    Console.WriteLine($"persisted (acknowledged) {sent} = {sent / elapsed.TotalSeconds:F1} msg/s, failed sends {failed}");
    Console.WriteLine($"deliveries {delivered} = {delivered / elapsed.TotalSeconds:F0}/s; expected {expected}, lost {lost}, duplicated {duplicated}");
    Console.WriteLine($"send→receive ms: p50 {Ms(latency, 50):F1}, p95 {Ms(latency, 95):F1}, p99 {Ms(latency, 99):F1}, max {latency.GetMaxValue() * 1000.0 / Stopwatch.Frequency:F1}");
    Console.WriteLine($"send→ack ms: p50 {Ms(acks, 50):F1}, p95 {Ms(acks, 95):F1}, p99 {Ms(acks, 99):F1}");
    if (failures is not null)
    {
        Console.WriteLine($"errors seen by clients {LiveClient.Errors - errorsBefore} (sends retried with their client message id: {LiveClient.RetriedSends - retriedBefore}); failed after 30 s: {failed}");
        var reconnections = LiveClient.Reconnections.ToList();
        LiveClient.Reconnections.Clear();
        var failedAttempts = LiveClient.FailedAttempts.ToList();
        LiveClient.FailedAttempts.Clear();
        static double Between(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;
        foreach (var (failure, at) in caused.OrderBy(c => c.At))
        {
            // The reconnections this failure caused (closed after it, before the next one): how long to open a new
            // connection, and to join again, per client.
            var next = caused.Where(c => c.At > at).Select(c => c.At).DefaultIfEmpty(long.MaxValue).Min();
            var ours = reconnections.Where(r => r.Closed >= at && r.Closed < next).ToList();
            if (ours.Count > 0)
            {
                string Spread(IEnumerable<double> ms)
                {
                    var sorted = ms.Order().ToList();
                    return FormattableString.Invariant($"median {sorted[sorted.Count / 2] / 1000:F2} s, p95 {sorted[(int)(sorted.Count * 0.95)] / 1000:F2} s, worst {sorted[^1] / 1000:F2} s");
                }

                Console.WriteLine($"  {failure.Name}: {ours.Count} reconnections (attempts: median {ours.Select(r => r.Attempts).Order().ElementAt(ours.Count / 2)}, most {ours.Max(r => r.Attempts)}); " +
                    $"failure to closed {Spread(ours.Select(r => Between(at, r.Closed)))}; closed to connected {Spread(ours.Select(r => Between(r.Closed, r.Connected)))}; connected to joined {Spread(ours.Select(r => Between(r.Connected, r.Joined)))}");
                Console.WriteLine($"    the attempt that succeeded: upgrade (proxy, session check, node) {Spread(ours.Select(r => Between(r.LastAttempt, r.Upgraded)))}; hub handshake {Spread(ours.Select(r => Between(r.Upgraded, r.Connected)))}");
            }

            // Why attempts failed, and how long a failed attempt took: what a reconnection waited on.
            foreach (var reason in failedAttempts.Where(f => f.Started >= at && f.Started < next).GroupBy(f => f.Reason).OrderByDescending(g => g.Count()).Take(3))
            {
                var took = reason.Select(f => Between(f.Started, f.Ended)).Order().ToList();
                Console.WriteLine(FormattableString.Invariant(
                    $"    {reason.Count()} failed attempts, median {took[took.Count / 2] / 1000:F2} s, worst {took[^1] / 1000:F2} s: {reason.Key}"));
            }
        }

        foreach (var (failure, at) in caused.OrderBy(c => c.At))
        {
            // For each client, how long after the failure its next message arrived (s); the worst client says when all had resumed.
            var resumed = clients.Select(c => (Client: c, At: c.FirstReceiptAfter(at))).Where(c => c.At is not null)
                .Select(c => (c.Client, Seconds: (c.At!.Value - at) / (double)Stopwatch.Frequency)).OrderBy(c => c.Seconds).ToList();
            var never = clients.Count - resumed.Count;
            Console.WriteLine(FormattableString.Invariant(
                $"  {failure.Name}: every client received again within {(resumed.Count > 0 ? resumed[^1].Seconds : double.NaN):F2} s (median client {(resumed.Count > 0 ? resumed[resumed.Count / 2].Seconds : double.NaN):F2} s){(never > 0 ? $"; {never} clients received nothing after it" : "")}"));

            // A room has nothing to deliver until one of its members posts again: when every member who posted in the
            // meantime was on the lost node, its first acknowledged post waited for their reconnection.
            double? SendingAgain(Room room) => room.FirstAcknowledgedAfter(at) is { } acked ? (acked - at) / (double)Stopwatch.Frequency : null;
            var posting = rooms.Select(SendingAgain).OfType<double>().Order().ToList();
            if (posting.Count > 0)
            {
                Console.WriteLine(FormattableString.Invariant(
                    $"    every room had a post acknowledged again within {posting[^1]:F2} s (median room {posting[posting.Count / 2]:F2} s)"));
            }

            // The rooms of the last clients to receive again, and how long their room's first and last client took: a
            // whole room late points at its conversation (or its senders), one client late at its connection.
            foreach (var room in Enumerable.Reverse(resumed).Select(c => c.Client.Room).Distinct().Take(3))
            {
                var times = resumed.Where(c => c.Client.Room == room).Select(c => c.Seconds).ToList();
                Console.WriteLine(FormattableString.Invariant(
                    $"    room {rooms.IndexOf(room)}: its first post after the failure acknowledged after {SendingAgain(room) ?? double.NaN:F2} s; its first client received again after {times[0]:F2} s, its median {times[times.Count / 2]:F2} s, its last {times[^1]:F2} s"));
            }
        }
    }

    // Every `every` seconds: the window's latencies (receipts recorded meanwhile) and CPU.
    async Task ReportWindowsAsync(CancellationToken stop)
    {
        var window = new LongHistogram(TimeStamp.Seconds(60), 3);
        LiveClient.Window = window;
        var last = server?.Sample();
        var lastAt = clock.Elapsed;
        var lastGenerator = Process.GetCurrentProcess().TotalProcessorTime;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(every), stop);
                var now = server?.Sample();
                var span = (clock.Elapsed - lastAt).TotalSeconds;
                var generator = Process.GetCurrentProcess().TotalProcessorTime;
                // The generator's work per message is the same in every window: its CPU rising with the server's says
                // the machine slowed down, not the server.
                var cpu = FormattableString.Invariant($", generator CPU {(generator - lastGenerator).TotalSeconds / span * 100:F0}%");
                if (last is { } l && now is { } c)
                {
                    var (serverPercent, postgresPercent) = ServerProcess.Percent(l, c, span);
                    cpu += FormattableString.Invariant($", server CPU {serverPercent:F0}%, PostgreSQL {postgresPercent:F0}%");
                }

                lock (latency)
                {
                    Console.WriteLine(FormattableString.Invariant(
                        $"  {clock.Elapsed.TotalSeconds:F0} s: {window.TotalCount / span:F0} receipts/s, p50 {Ms(window, 50):F1} ms, p99 {Ms(window, 99):F1} ms, max {Ms(window, 100):F1} ms{cpu}"));
                    window.Reset();
                }

                (last, lastAt, lastGenerator) = (now, clock.Elapsed, generator);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            LiveClient.Window = null;
        }
    }

    double? serverCpu = null, postgresCpu = null;
    if (before is { } b && after is { } a)
    {
        (serverCpu, postgresCpu) = ServerProcess.Percent(b, a, elapsed.TotalSeconds);
        Console.WriteLine($"server (web+silo) CPU {serverCpu:F0}% of one core, peak working set {peakMemory / 1024 / 1024} MiB; PostgreSQL CPU {postgresCpu:F0}% of one core; this generator {generatorCpu:F0}%");
        if (ServerProcess.Between(b.Nodes, a.Nodes) is { Count: > 1 } nodes)
        {
            // A cluster: each process's share (those alive at both ends of the run).
            Console.WriteLine("  per process: " + string.Join(", ", nodes.OrderBy(n => n.Label, StringComparer.Ordinal).Select(n => FormattableString.Invariant($"{n.Label} {n.Cpu.TotalSeconds / elapsed.TotalSeconds * 100:F0}%"))));
        }
    }

    return new RunResult(
        rate, sent / elapsed.TotalSeconds, delivered / elapsed.TotalSeconds, failed, lost, duplicated,
        Ms(latency, 50), Ms(latency, 99), serverCpu, postgresCpu, generatorCpu, peakMemory / 1024 / 1024);
}

async Task<Room> SetUpRoomAsync(int index)
{
    var people = new List<Session>();
    for (var m = 0; m < members; m++)
    {
        people.Add(await NewAccountAsync($"Charge{index}x{m}"));
    }

    // The demo operator creates each service with its first member as founder (group admin, holder of its keys);
    // the founder invites the others and hands them the keys. The operator is never a member (they read no health data).
    if (discussions)
    {
        // The first colleague starts a discussion with the others (its first key sealed with their session keys).
        var started = await people[0].Http.PostAsJsonAsync("/api/v1/discussions", new { people = people.Skip(1).Select(p => p.Id), name = $"Charge {index}" });
        await Checked.Ensure(started);
        return new Room((await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), people) { Discussion = true };
    }

    var requester = people[0];
    var founder = people[1];
    var created = await operatorClient.Http.PostAsJsonAsync("/api/v1/groups", new { name = $"Service de charge {index}", founder = founder.Id });
    await Checked.Ensure(created);
    var group = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    foreach (var member in people.Skip(2))
    {
        await Checked.Ensure(await founder.Http.PostAsJsonAsync($"/api/v1/groups/{group}/invitations", new { practitioner = member.Id, role = "Doctor" }));
        await Checked.Ensure(await member.Http.PostAsync($"/api/v1/groups/{group}/accept", null));
        await Checked.Ensure(await founder.Http.PostAsync($"/api/v1/groups/{group}/members/{member.Id}/confirm", null));
    }

    var consultation = await requester.Http.PostAsJsonAsync("/api/v1/consultations", new
    {
        requiredGroup = group,
        patient = new { lastName = "Charge", firstName = "Patient", birthDate = "1960-01-01", sex = "Other" },
        question = "Test de charge",
        description = "Messages en direct.",
        consentToShare = true,
        send = true,
    });
    await Checked.Ensure(consultation);
    var id = (await consultation.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    return new Room(id, people);
}

async Task<Room> LogInRoomAsync(SavedRoom room)
{
    var people = new List<Session>();
    foreach (var member in room.Members)
    {
        people.Add(await Session.LogInAsync(baseUrl, member.Email, Password, member.Id));
    }

    return new Room(room.Id, people) { Since = room.LastSequence, Discussion = discussions };
}

async Task<Session> NewAccountAsync(string lastName)
{
    for (var attempt = 0; ; attempt++)
    {
        var email = $"{lastName.ToLowerInvariant()}.{Guid.NewGuid():N}@example.org";
        var cookies = new CookieContainer();
        var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = baseUrl };
        var registered = await http.PostAsJsonAsync("/account/register", new
        {
            lastName,
            firstName = "Test",
            profession = "Physician",
            identifier = new { kind = "Adeli", number = Random.Shared.NextInt64(100_000_000, 1_000_000_000).ToString(CultureInfo.InvariantCulture) },
            email,
            password = Password,
            acceptTerms = true,
        });
        if (registered.StatusCode == HttpStatusCode.Conflict && attempt < 3)
        {
            continue; // a random ADELI number already taken
        }

        await Checked.Ensure(registered);
        var id = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("practitioner").GetProperty("id").GetGuid();
        // Logging in with the emailed code proves the address, which an administrator's validation asks for.
        var session = await Session.LogInAsync(baseUrl, email, Password, id, http, cookies);
        await Checked.Ensure(await operatorClient.Http.PostAsync($"/api/v1/practitioners/{id}/validate", null));
        return session;
    }
}

async Task LongAsync(int total)
{
    Console.WriteLine($"one consultation, {total} messages one after the other…");
    var requester = await NewAccountAsync("Longue0");
    var required = await NewAccountAsync("Longue1");
    var created = await requester.Http.PostAsJsonAsync("/api/v1/consultations", new
    {
        requiredPractitioner = required.Id,
        patient = new { lastName = "Charge", firstName = "Patient", birthDate = "1960-01-01", sex = "Other" },
        question = "Test de charge",
        description = "Une longue discussion.",
        consentToShare = true,
        send = true,
    });
    await Checked.Ensure(created);
    var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    await using var hub = Hub(baseUrl, requester.Cookies);
    await hub.StartAsync();
    await hub.InvokeAsync("Join", id, 0L);
    var costs = new double[total + 1];
    var clock = Stopwatch.StartNew();
    for (var n = 1; n <= total; n++)
    {
        var started = Stopwatch.GetTimestamp();
        await hub.InvokeAsync<long>("Send", id, Guid.CreateVersion7(), $"message {n}");
        costs[n] = (Stopwatch.GetTimestamp() - started) * 1000.0 / Stopwatch.Frequency;
        if (n % 10_000 == 0)
        {
            Console.WriteLine($"{n} messages, {n / clock.Elapsed.TotalSeconds:F0}/s");
        }
    }

    // Medians of a window around each point: one message's time is noise.
    double Around(int n) => costs.Skip(Math.Max(1, n - 50)).Take(101).Order().ElementAt(50);
    Console.WriteLine($"send→ack ms (median of 101 around): message 100 {Around(100):F2}, message {total / 2} {Around(total / 2):F2}, message {total - 50} {Around(total - 50):F2}");
    Console.WriteLine($"first 10 messages: median {costs.Skip(1).Take(10).Order().ElementAt(5):F2} ms; last 10: median {costs.Skip(total - 9).Order().ElementAt(5):F2} ms");
}

async Task MailAsync(int total)
{
    Console.WriteLine($"one mailbox, {total} messages, then the webmail's reads…");
    var holder = await NewAccountAsync("Boite0");
    var senders = new List<Session>();
    for (var i = 1; i <= 8; i++)
    {
        senders.Add(await NewAccountAsync($"Expediteur{i}"));
    }

    var body = string.Concat(Enumerable.Repeat("Compte rendu de biologie : valeurs dans les normes. ", 40));
    var writing = Stopwatch.StartNew();
    var next = 0;
    await Task.WhenAll(senders.Select(async sender =>
    {
        for (int n; (n = Interlocked.Increment(ref next)) <= total;)
        {
            var subject = n % 100 == 0 ? $"Échographie de contrôle {n}" : $"Bilan sanguin {n}";
            await Checked.Ensure(await sender.Http.PostAsJsonAsync("/api/v1/mail", new { to = new[] { holder.Id }, subject, body }));
        }
    }));
    Console.WriteLine(FormattableString.Invariant($"{total} messages sent in {writing.Elapsed.TotalSeconds:F0} s ({total / writing.Elapsed.TotalSeconds:F0}/s)"));

    async Task<double> TimeAsync(string what, Func<Task<HttpResponseMessage>> call)
    {
        var times = new List<double>();
        for (var run = 0; run < 7; run++)
        {
            var clock = Stopwatch.StartNew();
            await Checked.Ensure(await call());
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        var median = times.Order().ElementAt(times.Count / 2);
        Console.WriteLine(FormattableString.Invariant($"{what}: median {median:F1} ms (min {times.Min():F1}, max {times.Max():F1})"));
        return median;
    }

    await TimeAsync("inbox, first page of 50", () => holder.Http.GetAsync("/api/v1/mail/folders/Inbox?take=50"));
    await TimeAsync($"inbox, page of 50 at {total - 100}", () => holder.Http.GetAsync($"/api/v1/mail/folders/Inbox?skip={total - 100}&take=50"));
    await TimeAsync("one message opened", () => holder.Http.GetAsync($"/api/v1/mail/messages/{total / 2}"));
    await TimeAsync("mailbox (counts)", () => holder.Http.GetAsync("/api/v1/mail"));
    await TimeAsync($"search by words over the {total} messages (opened in the session)", () => holder.Http.PostAsJsonAsync("/api/v1/mail/search", new { query = "echographie controle" }));
}

async Task SmtpAsync(int total, int port, int connections)
{
    async Task<JsonElement> FindAsync(string lastName, string firstName) =>
        (await operatorClient.Http.GetFromJsonAsync<JsonElement>($"/api/v1/directory?text={Uri.EscapeDataString(lastName)}&kind=Practitioner"))
            .GetProperty("entries").EnumerateArray().First(e => e.GetProperty("name").GetString()!.Contains(firstName, StringComparison.Ordinal));
    async Task<JsonElement> CreateAsync(Guid structure, object request)
    {
        var created = await operatorClient.Http.PostAsJsonAsync($"/api/v1/structures/{structure}/mailboxes", request);
        await Checked.Ensure(created);
        return await created.Content.ReadFromJsonAsync<JsonElement>();
    }

    var claire = await FindAsync("Martin", "Claire");
    var hospital = claire.GetProperty("structure").GetGuid();
    var tag = Guid.NewGuid().ToString("N")[..6];
    var service = await CreateAsync(hospital, new { kind = "Organisational", name = $"charge-{tag}", responsible = claire.GetProperty("id").GetGuid() });
    var lab = await CreateAsync(hospital, new { kind = "Applicative", name = $"labo-{tag}", responsible = claire.GetProperty("id").GetGuid() });
    var issued = await operatorClient.Http.PostAsJsonAsync($"/api/v1/mailboxes/{lab.GetProperty("id").GetGuid()}/keys", new { scopes = new[] { "Send" } });
    await Checked.Ensure(issued);
    var key = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
    var from = lab.GetProperty("address").GetString()!;
    var to = service.GetProperty("address").GetString()!;
    var body = string.Concat(Enumerable.Repeat("Compte rendu : numération, ionogramme, bilan hépatique dans les normes. ", 1450))[..(100 * 1024)];
    var attachment = new byte[1024 * 1024];
    Random.Shared.NextBytes(attachment);
    Console.WriteLine($"{total} messages (100 KB + 1 MB attachment) from {from} to {to} over {connections} SMTP connections on port {port}…");

    var latency = new LongHistogram(TimeStamp.Minutes(5), 3);
    var next = 0;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
    {
        using var smtp = new MailKit.Net.Smtp.SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true }; // the development certificate
        await smtp.ConnectAsync(baseUrl.Host, port, MailKit.Security.SecureSocketOptions.StartTls);
        await smtp.AuthenticateAsync(from, key);
        for (int n; (n = Interlocked.Increment(ref next)) <= total;)
        {
            using var message = new MimeKit.MimeMessage { Subject = $"Bilan {n}" };
            message.From.Add(MimeKit.MailboxAddress.Parse(from));
            message.To.Add(MimeKit.MailboxAddress.Parse(to));
            var parts = new MimeKit.BodyBuilder { TextBody = body };
            parts.Attachments.Add($"bilan-{n}.pdf", attachment, MimeKit.ContentType.Parse("application/pdf"));
            message.Body = parts.ToMessageBody();
            var start = Stopwatch.GetTimestamp();
            await smtp.SendAsync(message);
            lock (latency)
            {
                latency.RecordValue(Stopwatch.GetElapsedTime(start).Ticks / 10);
            }
        }

        await smtp.DisconnectAsync(true);
    }));
    var seconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine(FormattableString.Invariant(
        $"{total} messages in {seconds:F1} s: {total / seconds:F1} messages/s, {total * 1.1 / seconds:F1} MB/s; per message p50 {latency.GetValueAtPercentile(50) / 1000.0:F0} ms, p99 {latency.GetValueAtPercentile(99) / 1000.0:F0} ms, max {latency.GetMaxValue() / 1000.0:F0} ms"));
}

async Task SearchAsync(int total)
{
    Console.WriteLine($"one discussion of {total} messages, then searches over it…");
    var alice = await NewAccountAsync("Recherche0");
    var bob = await NewAccountAsync("Recherche1");
    var started = await alice.Http.PostAsJsonAsync("/api/v1/discussions", new { people = new[] { bob.Id }, name = "Recherche" });
    await Checked.Ensure(started);
    var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    await using var hub = Hub(baseUrl, alice.Cookies);
    await hub.StartAsync();
    await hub.InvokeAsync("JoinDiscussion", id, 0L);
    var writing = Stopwatch.StartNew();
    for (var n = 1; n <= total; n += 50)
    {
        // 50 in flight at a time; every 100th message holds the word searched.
        await Task.WhenAll(Enumerable.Range(n, Math.Min(50, total - n + 1)).Select(m =>
            hub.InvokeAsync<long>("Send", id, Guid.CreateVersion7(), m % 100 == 0 ? $"Échographie de contrôle n° {m}" : $"Message ordinaire numéro {m} de la garde")));
    }

    Console.WriteLine($"{total} messages written in {writing.Elapsed.TotalSeconds:F0} s");
    var times = new List<double>();
    for (var run = 0; run < 7; run++)
    {
        var clock = Stopwatch.StartNew();
        var answer = await bob.Http.PostAsJsonAsync("/api/v1/discussions/search", new { query = "echographie controle" });
        await Checked.Ensure(answer);
        var found = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetInt32();
        times.Add(clock.Elapsed.TotalMilliseconds);
        Console.WriteLine(FormattableString.Invariant($"search {run + 1}: {found} found in {times[^1]:F0} ms"));
    }

    Console.WriteLine(FormattableString.Invariant($"median {times.Order().ElementAt(times.Count / 2):F0} ms, first {times[0]:F0} ms (over {total} messages)"));
}

static HubConnection Hub(Uri baseUrl, CookieContainer cookies) => new HubConnectionBuilder()
    .WithUrl(new Uri(baseUrl, "/hubs/consultations"), o => o.Cookies = cookies)
    .WithAutomaticReconnect()
    .Build();

/// <summary>A consultation of the run: its id, its members, and the sequences acknowledged to senders.</summary>
sealed record Room(Guid Id, List<Session> Members)
{
    /// <summary>The sequences the platform acknowledged, in the order it did (a sweep counts each run's part).</summary>
    public ConcurrentQueue<long> Acknowledged { get; } = [];

    /// <summary>When each acknowledgement arrived (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public ConcurrentQueue<long> AcknowledgedAt { get; } = [];

    /// <summary>When the room's first post acknowledged at or after <paramref name="timestamp"/> was, if any.</summary>
    public long? FirstAcknowledgedAfter(long timestamp) => AcknowledgedAt.Where(t => t >= timestamp).Min(t => (long?)t);

    /// <summary>The last sequence of a saved set-up's earlier runs: its clients join from there.</summary>
    public long Since { get; init; }

    /// <summary>A discussion between colleagues rather than a consultation.</summary>
    public bool Discussion { get; init; }
}

/// <summary>One run of a fanout or a sweep: rates per second, counts, latencies in ms, CPU in % of one core.</summary>
sealed record RunResult(
    double Rate, double Persisted, double Deliveries, long Failed, long Lost, long Duplicated,
    double P50, double P99, double? ServerCpu, double? PostgresCpu, double GeneratorCpu, long PeakMiB);

/// <summary>A consultation of a saved set-up and its members' accounts (all with the generator's password).</summary>
sealed record SavedRoom(Guid Id, List<SavedMember> Members, long LastSequence = 0);

sealed record SavedMember(Guid Id, string Email);

/// <summary>A logged-in user: cookies and an HTTP client.</summary>
sealed record Session(Guid Id, string Email, HttpClient Http, CookieContainer Cookies)
{
    public static async Task<Session> LogInAsync(Uri baseUrl, string email, string password, Guid id = default, HttpClient? http = null, CookieContainer? cookies = null)
    {
        cookies ??= new CookieContainer();
        http ??= new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = baseUrl };
        await Checked.Ensure(await http.PostAsJsonAsync("/account/login", new { email, password }));
        await Checked.Ensure(await http.PostAsJsonAsync("/account/login/code", new { channel = "EmailCode" }));
        var outbox = await http.GetStringAsync("/dev/outbox");
        var code = Regex.Match(outbox, $"data-to=\"{Regex.Escape(email)}\"[\\s\\S]*?Collab : (\\d{{6}})").Groups[1].Value;
        await Checked.Ensure(await http.PostAsJsonAsync("/account/login/verify", new { factor = "EmailCode", code }));
        return new Session(id, email, http, cookies);
    }
}

/// <summary>
/// One member's SignalR connection: sends, and keeps every sequence it received once. Like the browser, it survives
/// its web node: a closed connection is opened again (through the entry point, to whichever node answers) and joins
/// from the last sequence it holds; a send that failed is sent again with the same client message id, which the
/// consultation stores once.
/// </summary>
sealed class LiveClient(Room room, Session member, Uri baseUrl, LongHistogram latency, bool keepReceipts = false) : IAsyncDisposable
{
    private static long _errors;
    private static long _retriedSends;

    // One bit per sequence after the room's saved start: the run's live heap stays small (a set of boxed or hashed
    // sequences for 1,000 clients grew to hundreds of MB, and its collections paused the generator itself).
    private readonly SequenceBits _held = new(room.Since);
    private readonly List<long> _receipts = [];
    // WebSockets straight away, without the negotiation request (as a client that knows the server offers them): a
    // reconnection is one request to the entry point instead of two.
    private LiteHubConnection? _hub;

    private long _sent;
    private long _highest = room.Since;
    private volatile bool _disposed;

    /// <summary>Errors clients saw (a send refused or cut, a connection lost), all clients together.</summary>
    public static long Errors => Interlocked.Read(ref _errors);

    /// <summary>While a run reports its windows (--every), receipts are also recorded here, under the same lock.</summary>
    public static LongHistogram? Window { get; set; }

    /// <summary>Sends that succeeded only when sent again.</summary>
    public static long RetriedSends => Interlocked.Read(ref _retriedSends);

    public Room Room => room;

    public long Duplicates { get; private set; }

    public long Distinct
    {
        get
        {
            lock (_held)
            {
                return _held.Count;
            }
        }
    }

    public bool Holds(long sequence)
    {
        lock (_held)
        {
            return _held.Contains(sequence);
        }
    }

    /// <summary>When this client first received something at or after <paramref name="timestamp"/> (chaos runs keep receipt times).</summary>
    public long? FirstReceiptAfter(long timestamp)
    {
        lock (_held)
        {
            var i = _receipts.BinarySearch(timestamp);
            i = i < 0 ? ~i : i;
            return i < _receipts.Count ? _receipts[i] : null;
        }
    }

    public async Task ConnectAsync()
    {
        _hub = new LiteHubConnection(new Uri(baseUrl, "/hubs/consultations"), member.Cookies, OnItem);
        _hub.Closed += _ => _disposed ? Task.CompletedTask : ReconnectAsync();
        await _hub.StartAsync();
        await JoinAsync(resume: false);
    }

    /// <summary>
    /// Closes this client's connection and opens another, resumed where it was, placed anew by the entry point: as an
    /// app started again, without the entry point's affinity cookie (a session cookie) naming the node it was on.
    /// </summary>
    public async Task ReopenAsync()
    {
        foreach (var cookie in member.Cookies.GetCookies(baseUrl).Where(c => c.Name == AffinityCookie))
        {
            cookie.Expired = true;
        }

        await _hub!.ReopenAsync();
        await JoinAsync(resume: true);
    }

    private void OnItem(long sequence, ReadOnlySpan<byte> text)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_held)
        {
            if (!_held.Add(sequence))
            {
                Duplicates++;
                return;
            }

            _highest = Math.Max(_highest, sequence);
            if (keepReceipts)
            {
                _receipts.Add(now);
            }
        }

        // "sender:n:timestamp" — the same machine's monotonic clock. A message an earlier run sent (and a run stopped
        // before these clients read it) is held but not timed: its age is not this run's latency.
        if (text.LastIndexOf((byte)':') is var colon and >= 0 && Utf8Parser.TryParse(text[(colon + 1)..], out long sentAt, out var used) && used == text.Length - colon - 1
            && sentAt >= Started)
        {
            var age = Math.Max(0, now - sentAt);
            lock (latency)
            {
                latency.RecordValue(age);
                Window?.RecordValue(age);
            }
        }
    }

    public async Task<long> SendAsync()
    {
        var n = Interlocked.Increment(ref _sent);
        var clientId = Guid.CreateVersion7(); // time-ordered, as the pages make them (MessageIds)
        var text = $"{member.Id:N}:{n}:{Stopwatch.GetTimestamp()}";
        // An unanswered send counts as failed after 30 s instead of holding the run forever.
        var limit = Stopwatch.StartNew();
        var retried = false;
        while (true)
        {
            try
            {
                var sequence = (await _hub!.InvokeAsync("Send", room.Id, clientId, text).WaitAsync(TimeSpan.FromSeconds(30) - limit.Elapsed)).GetInt64();
                if (retried)
                {
                    Interlocked.Increment(ref _retriedSends);
                }

                return sequence;
            }
            catch (Exception e) when (limit.Elapsed < TimeSpan.FromSeconds(29) && !IsRefusal(e))
            {
                // The connection is gone or being replaced, or the platform said "try again": the same message, the same id —
                // as an app's outbox, sent again the moment the connection is open again, or after a pause when it is open.
                Interlocked.Increment(ref _errors);
                retried = true;
                if (_hub!.Opened is { IsCompleted: false } opened)
                {
                    await opened.WaitAsync(TimeSpan.FromSeconds(30) - limit.Elapsed);
                }
                else
                {
                    await Task.Delay(250);
                }
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        return _hub?.DisposeAsync() ?? ValueTask.CompletedTask;
    }

    // A refusal of the message itself (forbidden, invalid) is final; anything about the connection or availability is not.
    private static bool IsRefusal(Exception e) =>
        e is TimeoutException || e is HubError hub && !hub.Message.Contains("Unavailable", StringComparison.Ordinal) && !hub.Message.Contains("unexpected error", StringComparison.Ordinal);

    // Joins with the last sequence held: the first time announcing its presence, after a dropped connection not (Resume).
    private Task JoinAsync(bool resume)
    {
        long since;
        lock (_held)
        {
            since = _highest;
        }

        return resume ? _hub!.InvokeAsync("Resume", room.Id, since, room.Discussion)
            : _hub!.InvokeAsync(room.Discussion ? "JoinDiscussion" : "Join", room.Id, since);
    }

    private async Task ReconnectAsync()
    {
        Interlocked.Increment(ref _errors);
        var closed = Stopwatch.GetTimestamp();
        for (var attempt = 1; !_disposed; attempt++)
        {
            // Spread over a growing window with jitter: a thousand clients of a dead node do not all knock at once.
            await Task.Delay(Backoff(attempt));
            var started = Stopwatch.GetTimestamp();
            try
            {
                if (!_hub!.Connected)
                {
                    await _hub.StartAsync();
                }

                var connected = Stopwatch.GetTimestamp();
                await JoinAsync(resume: true);
                Reconnections.Add(new(closed, started, _hub.UpgradedAt, connected, Stopwatch.GetTimestamp(), attempt));
                return;
            }
            catch (Exception e) when (!_disposed)
            {
                // The entry point sends the next attempt to a node that answers.
                FailedAttempts.Add(new(started, Stopwatch.GetTimestamp(), $"{e.GetType().Name}: {e.Message}"));
            }
        }
    }

    // When this generator's process started, on the monotonic clock the messages carry: the messages it times were sent after it.
    private static readonly long Started = Stopwatch.GetTimestamp()
        - (long)((DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds * Stopwatch.Frequency);

    // The entry point's node affinity (src/Proxy/Program.cs).
    private const string AffinityCookie = "collab.node";

    /// <summary>Each reconnection of a run: when the connection closed, when a new one was open, when it had joined again, and the attempts.</summary>
    public static ConcurrentBag<Reconnection> Reconnections { get; } = [];

    public sealed record Reconnection(long Closed, long LastAttempt, long Upgraded, long Connected, long Joined, int Attempts);

    /// <summary>Each attempt to reconnect that failed: when it started and ended, and why.</summary>
    public static ConcurrentBag<FailedAttempt> FailedAttempts { get; } = [];

    public sealed record FailedAttempt(long Started, long Ended, string Reason);

    // 0–200 ms for the first attempt, then windows of 0.5, 1, 2 s (at most), each at a random point of it.
    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * (attempt == 1 ? 200 : Math.Min(2000, 250 << (attempt - 1))));
}

/// <summary>Which sequences after <paramref name="since"/> a client holds, one bit each.</summary>
sealed class SequenceBits(long since)
{
    private ulong[] _bits = new ulong[1024];

    public long Count { get; private set; }

    /// <summary>False when the sequence was held already.</summary>
    public bool Add(long sequence)
    {
        var (word, bit) = Index(sequence);
        if (word >= _bits.Length)
        {
            Array.Resize(ref _bits, Math.Max(_bits.Length * 2, word + 1));
        }

        if ((_bits[word] & bit) != 0)
        {
            return false;
        }

        _bits[word] |= bit;
        Count++;
        return true;
    }

    public bool Contains(long sequence)
    {
        var (word, bit) = Index(sequence);
        return word < _bits.Length && (_bits[word] & bit) != 0;
    }

    private (int Word, ulong Bit) Index(long sequence)
    {
        var offset = sequence - since - 1;
        ArgumentOutOfRangeException.ThrowIfNegative(offset, nameof(sequence));
        return ((int)(offset >> 6), 1UL << (int)(offset & 63));
    }
}

/// <summary>The platform's process (found by its command line) and PostgreSQL's, for CPU and memory.</summary>
/// <summary>
/// The platform's processes on this machine: the one of `./collab run`, or every silo, web node and proxy of
/// `./collab cluster` (found again at each sample: the chaos scenario kills and restarts some), and PostgreSQL's.
/// </summary>
sealed class ServerProcess
{
    private static readonly string[] Programs = ["Collab.Web.dll", "Collab.Silo.dll", "Collab.Proxy.dll"];

    public static ServerProcess? Find() => Processes().Count > 0 ? new ServerProcess() : null;

    /// <summary>Each platform process's CPU time (by pid, with a label: program and port), and each PostgreSQL process's.</summary>
    public CpuSample Sample()
    {
        var postgres = new Dictionary<int, TimeSpan>();
        foreach (var dir in Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() == "postgres")
                {
                    postgres[int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture)] = CpuOf(dir);
                }
            }
            catch (IOException)
            {
            }
        }

        var nodes = new Dictionary<int, (string, TimeSpan)>();
        foreach (var (pid, label) in Processes())
        {
            try
            {
                nodes[pid] = (label, CpuOf($"/proc/{pid}"));
            }
            catch (IOException)
            {
            }
        }

        return (nodes, postgres);
    }

    /// <summary>CPU time spent between two samples by each platform process alive at both.</summary>
    public static List<(string Label, TimeSpan Cpu)> Between(Dictionary<int, (string Label, TimeSpan Cpu)> before, Dictionary<int, (string Label, TimeSpan Cpu)> after) =>
        after.Where(a => before.ContainsKey(a.Key)).Select(a => (a.Value.Label, a.Value.Cpu - before[a.Key].Cpu)).ToList();

    /// <summary>The platform's and PostgreSQL's CPU between two samples, in % of one core over <paramref name="seconds"/>.</summary>
    public static (double Server, double Postgres) Percent(CpuSample before, CpuSample after, double seconds) =>
        (Between(before.Nodes, after.Nodes).Sum(n => n.Cpu.TotalSeconds) / seconds * 100, PostgresBetween(before.Postgres, after.Postgres).TotalSeconds / seconds * 100);

    /// <summary>PostgreSQL CPU time spent between two samples, by the processes alive at both.</summary>
    public static TimeSpan PostgresBetween(Dictionary<int, TimeSpan> before, Dictionary<int, TimeSpan> after) =>
        after.Where(a => before.ContainsKey(a.Key)).Aggregate(TimeSpan.Zero, (sum, a) => sum + (a.Value - before[a.Key]));

    /// <summary>The working sets of the platform's processes, added.</summary>
    public long WorkingSet() => Processes().Keys.Sum(pid =>
    {
        try
        {
            return Process.GetProcessById(pid).WorkingSet64;
        }
        catch (ArgumentException)
        {
            return 0L; // ended meanwhile
        }
    });

    private static Dictionary<int, string> Processes()
    {
        var found = new Dictionary<int, string>();
        foreach (var dir in Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            try
            {
                var command = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (command.FirstOrDefault(a => Programs.Any(p => a.EndsWith(p, StringComparison.Ordinal))) is { } program)
                {
                    var urls = Array.IndexOf(command, "--urls");
                    var port = urls >= 0 && urls + 1 < command.Length ? command[urls + 1][(command[urls + 1].LastIndexOf(':') + 1)..] : "?";
                    found[int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture)] = $"{Path.GetFileNameWithoutExtension(program).Replace("Collab.", "", StringComparison.Ordinal).ToLowerInvariant()}:{port}";
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    // utime + stime (fields 14 and 15 of /proc/pid/stat), in clock ticks of 1/100 s.
    private static TimeSpan CpuOf(string dir)
    {
        var stat = File.ReadAllText(Path.Combine(dir, "stat"));
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return TimeSpan.FromMilliseconds((long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10);
    }
}

/// <summary>
/// A failure the chaos scenario causes during a run: what it is, when (seconds into the run), and how — the cause says
/// what it did and the moment it did it (<see cref="Stopwatch.GetTimestamp"/>): finding the busiest node first (reading
/// /proc/net/tcp, asking each silo) is not part of the outage.
/// </summary>
sealed record Failure(string Name, double AtSeconds, Func<Task<(string What, long At)>> Cause);

/// <summary>The chaos scenario's failures on `./collab cluster` (pids in .collab/cluster/*.pid, silo health on 5091+).</summary>
static class Chaos
{
    private static readonly string Cluster = Path.Combine(".collab", "cluster");

    public static IReadOnlyList<Failure> Failures(int seconds, int entryPort, IReadOnlyCollection<string> only) =>
    [
        .. only.Contains("silo") ? [new Failure("kill -9 the silo holding the most consultations", seconds * 0.25, KillBusiestSiloAsync)] : Array.Empty<Failure>(),
        .. only.Contains("web") ? [new Failure("kill -9 the web node holding the most connections", seconds * 0.5, () => KillBusiestWebNodeAsync(entryPort))] : Array.Empty<Failure>(),
        .. only.Contains("db") ? [new Failure("restart PostgreSQL", seconds * 0.75, RestartPostgresAsync)] : Array.Empty<Failure>(),
    ];

    private static async Task<(string What, long At)> KillBusiestWebNodeAsync(int entryPort)
    {
        var busiest = Connections(entryPort).MaxBy(n => n.Count);
        var (killed, at) = await KillAsync(busiest.Name);
        return ($"{killed}, {busiest.Count} connections", at);
    }

    /// <summary>How many connections each web node holds, e.g. "web-1 500, web-2 500".</summary>
    public static string ConnectionsPerWebNode(int entryPort) =>
        string.Join(", ", Connections(entryPort).OrderBy(n => n.Name, StringComparer.Ordinal).Select(n => $"{n.Name} {n.Count}"));

    // Web node N listens on the entry port + N; its established connections (the proxy's, one per hub client) are
    // counted in /proc/net/tcp.
    private static IEnumerable<(string Name, int Count)> Connections(int entryPort)
    {
        var established = File.ReadLines("/proc/net/tcp").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f[3] == "01")
            .Select(f => int.Parse(f[1][(f[1].IndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            .ToList();
        return Directory.GetFiles(Cluster, "web-*.pid").Select(Path.GetFileNameWithoutExtension).OfType<string>()
            .Select(name => (name, established.Count(port => port == entryPort + int.Parse(name["web-".Length..], CultureInfo.InvariantCulture))))
            .ToList();
    }

    private static async Task<(string What, long At)> KillBusiestSiloAsync()
    {
        // Each silo says how many activations of each grain type it holds (its own health port, not the proxy).
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var busiest = (name: "silo-1", count: -1);
        foreach (var pidFile in Directory.GetFiles(Cluster, "silo-*.pid"))
        {
            var name = Path.GetFileNameWithoutExtension(pidFile);
            var port = 5090 + int.Parse(name["silo-".Length..], CultureInfo.InvariantCulture);
            try
            {
                var counts = await http.GetFromJsonAsync<Dictionary<string, int>>($"http://127.0.0.1:{port}/health/activations");
                var consultations = counts?.Where(c => c.Key.Contains("consultation", StringComparison.OrdinalIgnoreCase) && !c.Key.Contains("list", StringComparison.OrdinalIgnoreCase)).Sum(c => c.Value) ?? 0;
                if (consultations > busiest.count)
                {
                    busiest = (name, consultations);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
        }

        var (killed, at) = await KillAsync(busiest.name);
        return ($"{killed}, {busiest.count} consultation activations", at);
    }

    private static async Task<(string What, long At)> KillAsync(string name)
    {
        var pid = int.Parse(File.ReadAllText(Path.Combine(Cluster, name + ".pid")).Trim(), CultureInfo.InvariantCulture);
        using var process = Process.GetProcessById(pid);
        var at = Stopwatch.GetTimestamp();
        process.Kill();
        // Its connections close when the kernel has torn the process down (its memory first, then its sockets): a
        // zombie, or gone.
        while (Running(pid) && Stopwatch.GetElapsedTime(at) < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(1); // not a blocked thread: the generator's clients are mid-storm
        }

        return (FormattableString.Invariant($"{name}, pid {pid}, ended {Stopwatch.GetElapsedTime(at).TotalMilliseconds:F0} ms after the signal"), at);
    }

    private static bool Running(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false; // gone
        }
    }

    private static async Task<(string What, long At)> RestartPostgresAsync()
    {
        var at = Stopwatch.GetTimestamp();
        using var restart = Process.Start(new ProcessStartInfo("./collab", "db restart") { RedirectStandardOutput = true, RedirectStandardError = true })!;
        await restart.WaitForExitAsync();
        return (FormattableString.Invariant($"down and up again in {Stopwatch.GetElapsedTime(at).TotalSeconds:F1} s, exit {restart.ExitCode}"), at);
    }
}

/// <summary>A failed call shows its problem body.</summary>
static class Checked
{
    public static async Task Ensure(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} on {response.RequestMessage?.RequestUri}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
