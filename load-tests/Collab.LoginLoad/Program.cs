using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using HdrHistogram;

// Login latency at a steady rate, against a running platform in Development (./collab run --no-demo).
//   dotnet run -c Release --project load-tests/Collab.LoginLoad -- [baseUrl] [loginsPerSecond] [seconds] [accounts]
// Setup registers the accounts and logs each in once with the emailed code (read from /dev/outbox),
// remembering the device. The measured login is a returning user's: password + remembered device,
// i.e. the Argon2id unwrap, the grain's throttling checks and the session set-up.
var baseUrl = new Uri(args.ElementAtOrDefault(0) ?? "http://127.0.0.1:5080");
var rate = int.Parse(args.ElementAtOrDefault(1) ?? "10", CultureInfo.InvariantCulture);
var seconds = int.Parse(args.ElementAtOrDefault(2) ?? "60", CultureInfo.InvariantCulture);
var accountCount = int.Parse(args.ElementAtOrDefault(3) ?? "20", CultureInfo.InvariantCulture);
const string Password = "charge de connexion mesurée";

Console.WriteLine($"setting up {accountCount} accounts on {baseUrl}…");
var accounts = new List<(string Email, Cookie Device)>();
for (var i = 0; i < accountCount; i++)
{
    accounts.Add(await SetUpAsync(i));
}

Console.WriteLine($"measuring {rate} logins/s for {seconds} s…");
var histogram = new LongHistogram(TimeStamp.Seconds(10), 3);
var errors = 0;
var running = new List<Task>();
var clock = Stopwatch.StartNew();
for (var n = 0; n < rate * seconds; n++)
{
    // Open loop: each login starts on schedule, whether or not earlier ones have finished.
    var due = TimeSpan.FromSeconds((double)n / rate);
    if (due > clock.Elapsed)
    {
        await Task.Delay(due - clock.Elapsed);
    }

    var account = accounts[n % accounts.Count];
    running.Add(Task.Run(async () =>
    {
        var started = Stopwatch.GetTimestamp();
        var ok = await LoginAsync(account.Email, account.Device);
        var elapsed = Stopwatch.GetTimestamp() - started;
        lock (histogram)
        {
            histogram.RecordValue(elapsed);
            errors += ok ? 0 : 1;
        }
    }));
}

await Task.WhenAll(running);
double Ms(double percentile) => histogram.GetValueAtPercentile(percentile) * 1000.0 / Stopwatch.Frequency;
Console.WriteLine($"logins: {histogram.TotalCount}, errors: {errors}, achieved rate: {histogram.TotalCount / clock.Elapsed.TotalSeconds:F1}/s");
Console.WriteLine($"latency ms: p50 {Ms(50):F0}, p90 {Ms(90):F0}, p99 {Ms(99):F0}, max {histogram.GetMaxValue() * 1000.0 / Stopwatch.Frequency:F0}");
return errors == 0 ? 0 : 1;

async Task<(string, Cookie)> SetUpAsync(int i)
{
    var cookies = new CookieContainer();
    using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = baseUrl };
    var email = $"charge.{i}.{Guid.NewGuid():N}@example.org";
    var adeli = Random.Shared.NextInt64(100_000_000, 1_000_000_000).ToString(CultureInfo.InvariantCulture);
    var registered = await client.PostAsJsonAsync("/account/register", new
    {
        lastName = $"Charge{i}",
        firstName = "Test",
        profession = "Physician",
        identifier = new { kind = "Adeli", number = adeli },
        email,
        password = Password,
        acceptTerms = true,
    });
    registered.EnsureSuccessStatusCode();
    (await client.PostAsJsonAsync("/account/login", new { email, password = Password })).EnsureSuccessStatusCode();
    (await client.PostAsJsonAsync("/account/login/code", new { channel = "EmailCode" })).EnsureSuccessStatusCode();
    var outbox = await client.GetStringAsync("/dev/outbox");
    var code = Regex.Match(outbox, $"data-to=\"{Regex.Escape(email)}\"[\\s\\S]*?Collab : (\\d{{6}})").Groups[1].Value;
    (await client.PostAsJsonAsync("/account/login/verify", new { factor = "EmailCode", code, rememberDevice = true, deviceName = "load test" })).EnsureSuccessStatusCode();
    return (email, cookies.GetCookies(baseUrl).Single(c => c.Name == "collab.device"));
}

async Task<bool> LoginAsync(string email, Cookie device)
{
    var cookies = new CookieContainer();
    cookies.Add(baseUrl, new Cookie(device.Name, device.Value, "/"));
    using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = baseUrl };
    var response = await client.PostAsJsonAsync("/account/login", new { email, password = Password });
    return response.IsSuccessStatusCode && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("loggedIn").GetBoolean();
}
