using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collab.Crypto;
using Collab.Testing;
using Collab.Web.Account;
using Collab.Web.Live;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Collab.WebTests.Security;

/// <summary>
/// A right to read ends at once, wherever it is being used: open hub connections, other browsers, other web
/// nodes. Each test opens a live connection (or a second session) first, then takes the right away.
/// </summary>
public sealed class StaleSessionTests(CollabWebFactory factory) : IClassFixture<CollabWebFactory>
{
    [Fact]
    public Task Suspended_member_stops_receiving_on_an_open_connection() =>
        LosesTheConnectionAsync(async (cardiologist, admin) =>
            Assert.Equal(HttpStatusCode.OK, (await admin.Http.PostAsync($"/api/v1/practitioners/{cardiologist.Account.Id}/suspend", null)).StatusCode));

    [Fact]
    public Task Restricted_member_stops_receiving_on_an_open_connection() =>
        LosesTheConnectionAsync(async (cardiologist, admin) =>
        {
            await admin.Http.PostAsJsonAsync($"/api/v1/practitioners/{cardiologist.Account.Id}/restriction-warning", new { reason = "Accès nombreux cette nuit" });
            Assert.Equal(HttpStatusCode.OK, (await admin.Http.PostAsync($"/api/v1/practitioners/{cardiologist.Account.Id}/restrict", null)).StatusCode);
        });

    [Fact]
    public Task Logged_out_session_stops_receiving_on_an_open_connection() =>
        LosesTheConnectionAsync(async (cardiologist, _) =>
            Assert.Equal(HttpStatusCode.NoContent, (await cardiologist.Http.PostAsync("/account/logout", null)).StatusCode));

    [Fact]
    public Task Password_reset_by_recovery_code_ends_open_connections() =>
        LosesTheConnectionAsync(async (cardiologist, _) =>
            Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().PostAsJsonAsync("/account/recover", new
            {
                email = cardiologist.Account.Email,
                recoveryCode = cardiologist.Account.RecoveryCode,
                newPassword = "une toute nouvelle phrase de passe",
            })).StatusCode));

    [Fact]
    public async Task Password_change_ends_every_other_session_of_the_account()
    {
        var here = await TestSessions.ActiveAsync(factory, "Prudente");
        var elsewhere = await TestSessions.AgainAsync(factory, here.Account);
        await using var elsewhereHub = elsewhere.Hub(factory);
        await elsewhereHub.StartAsync();

        var changed = await here.Http.PostAsJsonAsync("/account/password", new { currentPassword = here.Account.Password, newPassword = "une phrase toute neuve pour Prudente" });

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await here.Http.GetAsync("/account/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.Http.GetAsync("/account/me")).StatusCode);
        await Eventually.TrueAsync(() => elsewhereHub.State == HubConnectionState.Disconnected, "the other browser's live connection to close");
    }

    [Fact]
    public async Task Recovery_forgets_remembered_devices()
    {
        var (http, _) = TestSessions.Client(factory);
        var account = await TestAccounts.ActiveAsync(factory, http, lastName: "Oublieuse");
        await http.PostAsync("/account/logout", null);
        await http.PostAsJsonAsync("/account/login", new { email = account.Email, password = account.Password });
        var code = await TestAccounts.EmailedCodeAsync(factory, http, account);
        await http.PostAsJsonAsync("/account/login/verify", new { factor = "EmailCode", code, rememberDevice = true, deviceName = "poste du bureau" });
        await http.PostAsync("/account/logout", null);
        var withDevice = await http.PostAsJsonAsync("/account/login", new { email = account.Email, password = account.Password });
        await http.PostAsync("/account/logout", null);

        var recovered = await factory.CreateClient().PostAsJsonAsync("/account/recover", new { email = account.Email, recoveryCode = account.RecoveryCode, newPassword = "après la perte du téléphone" });
        var afterRecovery = await http.PostAsJsonAsync("/account/login", new { email = account.Email, password = "après la perte du téléphone" });

        Assert.True((await withDevice.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("loggedIn").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.False((await afterRecovery.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("loggedIn").GetBoolean()); // a code is asked again
    }

    [Fact]
    public async Task An_authenticator_not_yet_confirmed_does_not_stand_for_the_second_factor()
    {
        var (http, _) = TestSessions.Client(factory);
        var account = await TestAccounts.ActiveAsync(factory, http, lastName: "Pressee");
        var enrollment = await (await http.PostAsync("/account/totp", null)).Content.ReadFromJsonAsync<JsonElement>();
        var totp = new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(enrollment.GetProperty("secret").GetString()));
        await http.PostAsync("/account/logout", null);

        await http.PostAsJsonAsync("/account/login", new { email = account.Email, password = account.Password });
        var unconfirmed = await http.PostAsJsonAsync("/account/login/verify", new { factor = "Totp", code = totp.ComputeTotp(factory.Clock.GetUtcNow().UtcDateTime) });

        Assert.Equal(HttpStatusCode.Unauthorized, unconfirmed.StatusCode);
    }

    [Fact]
    public async Task A_client_cannot_accept_terms_other_than_the_current_ones()
    {
        var session = await TestSessions.ActiveAsync(factory, "Lectrice");

        var invented = await session.Http.PostAsJsonAsync("/account/terms", new { version = 99 });
        var current = await session.Http.PostAsJsonAsync("/account/terms", new { version = 1 });

        Assert.Equal(HttpStatusCode.Conflict, invented.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, current.StatusCode);
        Assert.Equal(1, (await factory.Cluster.GetGrain<Contracts.Practitioners.IPractitionerGrain>(session.Account.Id).GetStanding()).AcceptedTermsVersion);
    }

    [Fact]
    public async Task A_session_ended_on_one_node_ends_on_every_other()
    {
        // A second web node's session store, subscribed to the same cluster as this one.
        var otherNode = new SessionKeyStore(factory.Clock);
        var otherLive = new LiveSessions(otherNode, factory.Cluster, NullLogger<LiveSessions>.Instance);
        await otherLive.StartAsync(CancellationToken.None);
        try
        {
            var session = await TestSessions.ActiveAsync(factory, "Itinerante");
            using var keys = UserKeyPair.Generate();
            var onOtherNode = await otherNode.OpenAsync(session.Account.Id, keys, TimeSpan.FromHours(1));

            var changed = await session.Http.PostAsJsonAsync("/account/password", new { currentPassword = session.Account.Password, newPassword = "changé depuis le premier nœud" });

            Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
            Assert.False(otherNode.IsAlive(onOtherNode.SessionId));
        }
        finally
        {
            await otherLive.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Expired_sessions_are_swept_from_memory()
    {
        var store = factory.Services.GetRequiredService<SessionKeyStore>();
        var live = factory.Services.GetRequiredService<LiveSessions>();
        using var keys = UserKeyPair.Generate();
        var user = Guid.NewGuid();
        var ticket = await store.OpenAsync(user, keys, TimeSpan.FromMinutes(1));

        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        await live.CheckAsync();

        Assert.DoesNotContain(user, store.Users());
        Assert.Null(store.UserOf(ticket.SessionId));
    }

    /// <summary>
    /// A cardiologist watches a consultation on an open hub connection; <paramref name="revoke"/> takes their right
    /// away; the GP then writes. The GP's own second connection receives the message, the cardiologist's nothing,
    /// and the cardiologist can no longer send.
    /// </summary>
    private async Task LosesTheConnectionAsync(Func<TestSession, TestSession, Task> revoke)
    {
        var admin = await TestSessions.ActiveAsync(factory, "Admin");
        var structure = await TestAccounts.StructureAsync(factory, admin.Account.Id);
        var cardiologist = await TestSessions.ActiveAsync(factory, "Cardiologue", structure);
        var gp = await TestSessions.ActiveAsync(factory, "Generaliste");
        var consultation = await TestConsultations.RequestAsync(gp.Http, cardiologist.Account.Id, "Souffle ?");
        await using var watched = cardiologist.Hub(factory);
        await using var control = gp.Hub(factory);
        await using var writer = gp.Hub(factory);
        var received = new ConcurrentQueue<HubItem>();
        var controlReceived = new ConcurrentQueue<HubItem>();
        watched.On<List<HubItem>>("items", items => items.ForEach(received.Enqueue));
        control.On<List<HubItem>>("items", items => items.ForEach(controlReceived.Enqueue));
        await Task.WhenAll(watched.StartAsync(), control.StartAsync(), writer.StartAsync());
        await watched.InvokeAsync("Join", consultation, 0L);
        await control.InvokeAsync("Join", consultation, 0L);
        await writer.InvokeAsync<long>("Send", consultation, Guid.NewGuid(), "avant");
        await Eventually.TrueAsync(() => received.Any(i => i.Text == "avant"), "the first message to reach the cardiologist");

        await revoke(cardiologist, admin);
        await writer.InvokeAsync<long>("Send", consultation, Guid.NewGuid(), "après : Lebrun, fraction d'éjection 35 %");
        await Eventually.TrueAsync(() => controlReceived.Any(i => i.Text?.StartsWith("après", StringComparison.Ordinal) == true), "the second message to reach the control connection");
        var sendAfter = await Record.ExceptionAsync(() => watched.InvokeAsync<long>("Send", consultation, Guid.NewGuid(), "encore là"));

        Assert.DoesNotContain(received, i => i.Text?.StartsWith("après", StringComparison.Ordinal) == true);
        Assert.NotNull(sendAfter);
        await Eventually.TrueAsync(() => watched.State == HubConnectionState.Disconnected, "the cardiologist's connection to be closed");
    }
}
