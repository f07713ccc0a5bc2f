using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Collab.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Collab.WebTests.Hosting;

/// <summary>
/// The platform as separate processes (two silos, two web nodes, the proxy: <see cref="ClusterProcesses"/>), two
/// doctors writing in a consultation from two browsers each while the silo holding the consultation is killed,
/// then a web node holding some of the browsers: no acknowledged message is lost, none arrives twice, every browser
/// receives again and holds the same conversation.
/// </summary>
public sealed partial class ClusterFailoverTests
{
    private const string DemoPassword = "collab demo 2026";
    private const string Password = "un mot de passe de test assez long";

    [Fact]
    public async Task Killing_a_silo_and_a_web_node_while_doctors_write_loses_and_repeats_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var cluster = await ClusterProcesses.StartAsync(database, silos: 2, webs: 2);
        var entry = cluster.Entry;
        var operatorHttp = await Eventually.Get(() => LogInAsync(entry, "operateur@collab.demo", DemoPassword), _ => true, TimeSpan.FromSeconds(90), "the demo operator");
        var gp = await RegisterAsync(entry, operatorHttp, "Garnier");
        var cardiologist = await RegisterAsync(entry, operatorHttp, "Lemoine");
        var created = await gp.Http.PostAsJsonAsync("/api/v1/consultations", new
        {
            requiredPractitioner = cardiologist.Id,
            patient = new { lastName = "Patient", firstName = "Test", birthDate = "1950-01-02", sex = "Male" },
            question = "Souffle systolique ?",
            description = "Contexte.",
            consentToShare = true,
            send = true,
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.True((await cardiologist.Http.PostAsync($"/api/v1/consultations/{id}/accept", null)).IsSuccessStatusCode);

        // Two browsers each (their own cookies, hence their own node through the proxy's affinity).
        var browsers = new List<Browser>();
        foreach (var doctor in new[] { gp, cardiologist })
        {
            for (var b = 0; b < 2; b++)
            {
                var cookies = new CookieContainer();
                await LogInAsync(entry, doctor.Email, Password, cookies);
                browsers.Add(await Browser.OpenAsync(entry, cookies, id));
            }
        }

        var acknowledged = new ConcurrentBag<long>();
        using var stop = new CancellationTokenSource();
        var writers = browsers.Select(async (browser, i) =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                acknowledged.Add(await browser.SendAsync($"message {i}.{n}"));
                await Task.Delay(100);
            }
        }).ToList();

        await Task.Delay(TimeSpan.FromSeconds(2));
        var silo = await cluster.BusiestSiloAsync("Consultation");
        cluster.Kill(silo);
        await Task.Delay(TimeSpan.FromSeconds(6));
        var cutBefore = browsers.Sum(b => b.Cuts);
        cluster.Kill("web-1");
        await Task.Delay(TimeSpan.FromSeconds(3));
        if (browsers.Sum(b => b.Cuts) == cutBefore)
        {
            // No browser was on web-1: start it again and kill web-2, which holds them all.
            await cluster.RestartAsync("web-1");
            cluster.Kill("web-2");
        }

        await Task.Delay(TimeSpan.FromSeconds(8));
        var afterKills = acknowledged.Count;
        var afterKillsTick = Environment.TickCount;
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        var all = acknowledged.ToHashSet();
        await Eventually.TrueAsync(() => browsers.All(b => all.All(b.Holds)), "every browser to hold every acknowledged message", TimeSpan.FromSeconds(30));

        Assert.Equal(acknowledged.Count, all.Count); // each send acknowledged once, with its own sequence
        Assert.True(acknowledged.Count > afterKills, "messages are acknowledged again after the kills");
        Assert.All(browsers, b => Assert.Equal(0, b.Duplicates));
        Assert.True(browsers.Sum(b => b.Cuts) > cutBefore, "a browser lost its web node");
        Assert.All(browsers, b => Assert.Equal(all.Order(), b.Received.Where(all.Contains).Order()));
        Assert.All(browsers, b => Assert.True(b.ReceivedAfter(afterKillsTick), "each browser receives again"));
    }

    private sealed record Doctor(Guid Id, string Email, HttpClient Http);

    private static async Task<Doctor> RegisterAsync(Uri entry, HttpClient operatorHttp, string lastName)
    {
        var email = $"{lastName.ToLowerInvariant()}.{Guid.NewGuid():N}@example.org";
        using var anonymous = new HttpClient { BaseAddress = entry };
        var registered = await anonymous.PostAsJsonAsync("/account/register", new
        {
            lastName,
            firstName = "Claire",
            profession = "Physician",
            identifier = new { kind = "Adeli", number = Random.Shared.NextInt64(100_000_000, 1_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture) },
            email,
            password = Password,
            acceptTerms = true,
        });
        Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
        var id = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("practitioner").GetProperty("id").GetGuid();
        var http = await LogInAsync(entry, email, Password); // the emailed code proves the address
        Assert.True((await operatorHttp.PostAsync($"/api/v1/practitioners/{id}/validate", null)).IsSuccessStatusCode);
        return new Doctor(id, email, http);
    }

    /// <summary>Password, then the code emailed to the account, read from the development outbox (any node shows it).</summary>
    private static async Task<HttpClient> LogInAsync(Uri entry, string email, string password, CookieContainer? cookies = null)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer() }) { BaseAddress = entry };
        (await http.PostAsJsonAsync("/account/login", new { email, password })).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync("/account/login/code", new { channel = "EmailCode" })).EnsureSuccessStatusCode();
        var code = await Eventually.Get(
            async () =>
            {
                using var page = new HttpRequestMessage(HttpMethod.Get, "/dev/outbox") { Headers = { { "Accept", "text/html" } } };
                var html = WebUtility.HtmlDecode(await (await http.SendAsync(page)).Content.ReadAsStringAsync());
                var item = html.IndexOf($"data-to=\"{email}\"", StringComparison.Ordinal);
                return item < 0 ? null : SixDigits().Match(html, item).Value;
            },
            c => !string.IsNullOrEmpty(c),
            TimeSpan.FromSeconds(20),
            "the login code in the outbox");
        (await http.PostAsJsonAsync("/account/login/verify", new { factor = "EmailCode", code })).EnsureSuccessStatusCode();
        return http;
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();

    private sealed record HubItem(Guid Consultation, long Sequence);

    /// <summary>
    /// A browser's hub connection as app.js keeps it: opened again through the proxy when it closes, joined from the
    /// last sequence it holds, and a send that failed sent again with the same client message id.
    /// </summary>
    private sealed class Browser
    {
        private readonly HubConnection _hub;
        private readonly Guid _consultation;
        private readonly List<(long Sequence, int AtCount)> _received = [];
        private int _cuts;

        private Browser(Uri entry, CookieContainer cookies, Guid consultation)
        {
            _consultation = consultation;
            _hub = new HubConnectionBuilder().WithUrl(new Uri(entry, "/hubs/consultations"), o => o.Cookies = cookies).Build();
            _hub.On<List<HubItem>>("items", items =>
            {
                lock (_received)
                {
                    foreach (var item in items)
                    {
                        if (_received.Any(r => r.Sequence == item.Sequence))
                        {
                            Duplicates++;
                        }
                        else
                        {
                            _received.Add((item.Sequence, Environment.TickCount));
                        }
                    }
                }
            });
            _hub.Closed += async _ =>
            {
                Interlocked.Increment(ref _cuts);
                while (true)
                {
                    await Task.Delay(250);
                    try
                    {
                        await _hub.StartAsync();
                        await JoinAsync();
                        return;
                    }
                    catch (Exception)
                    {
                        // the proxy sends the next attempt to a node that answers
                    }
                }
            };
        }

        public int Cuts => Volatile.Read(ref _cuts);

        public int Duplicates { get; private set; }

        public IReadOnlyList<long> Received
        {
            get
            {
                lock (_received)
                {
                    return _received.Select(r => r.Sequence).ToList();
                }
            }
        }

        public static async Task<Browser> OpenAsync(Uri entry, CookieContainer cookies, Guid consultation)
        {
            var browser = new Browser(entry, cookies, consultation);
            await browser._hub.StartAsync();
            await browser.JoinAsync();
            return browser;
        }

        public bool Holds(long sequence)
        {
            lock (_received)
            {
                return _received.Any(r => r.Sequence == sequence);
            }
        }

        /// <summary>Whether something arrived after <paramref name="tick"/> (<see cref="Environment.TickCount"/>).</summary>
        public bool ReceivedAfter(int tick)
        {
            lock (_received)
            {
                return _received.Any(r => r.AtCount - tick > 0);
            }
        }

        public async Task<long> SendAsync(string text)
        {
            var clientId = Guid.NewGuid();
            var started = DateTime.UtcNow;
            while (true)
            {
                try
                {
                    return await _hub.InvokeAsync<long>("Send", _consultation, clientId, text).WaitAsync(TimeSpan.FromSeconds(10));
                }
                catch (Exception e) when (DateTime.UtcNow - started < TimeSpan.FromSeconds(60) && !IsRefusal(e))
                {
                    // the connection is gone or being replaced, or the platform said "try again": the same message, the same id
                    await Task.Delay(250);
                }
            }
        }

        // A refusal of the message itself (forbidden, invalid) is final; anything about the connection or availability is not.
        private static bool IsRefusal(Exception e) =>
            e is HubException hub && !hub.Message.Contains("Unavailable", StringComparison.Ordinal) && !hub.Message.Contains("unexpected error", StringComparison.Ordinal);

        private Task JoinAsync()
        {
            long since;
            lock (_received)
            {
                since = _received.Count == 0 ? 0 : _received.Max(r => r.Sequence);
            }

            return _hub.InvokeAsync("Join", _consultation, since);
        }
    }
}
