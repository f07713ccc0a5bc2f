using System.Net;
using System.Net.Http.Json;
using Collab.Testing;
using Collab.Web.Live;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.SignalR.Client;

namespace Collab.WebTests.Hosting;

/// <summary>
/// Two web nodes of one platform (the second an Orleans client of the first's silo, as in <c>./collab cluster</c>):
/// a session opened on one is served by the other — the cookie read with the shared key ring, the keys unlocked from
/// the shared session vault — and a session revoked on one is refused on the other at its next call, its open hub
/// connection there closed.
/// </summary>
public sealed class TwoWebNodesTests : IAsyncLifetime
{
    private readonly CollabWebFactory _nodeA = new();
    private CollabWebFactory _nodeB = null!;

    public async Task InitializeAsync()
    {
        await _nodeA.InitializeAsync();
        _ = _nodeA.Server; // the silo starts with node A
        _nodeB = new CollabWebFactory { NodeOf = _nodeA };
        await _nodeB.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_nodeB).DisposeAsync();
        await ((IAsyncLifetime)_nodeA).DisposeAsync();
    }

    [Fact]
    public async Task A_session_from_one_node_works_on_the_other_and_its_revocation_reaches_both()
    {
        var gp = await TestSessions.ActiveAsync(_nodeA, "Itinerante");
        var cardiologist = await TestSessions.ActiveAsync(_nodeA, "Lemoine");
        var onB = _nodeB.CreateDefaultClient(new CookieContainerHandler(gp.Cookies)); // the same browser, sent to the other node

        // Node B serves the session it never saw: it reads the cookie and unlocks the keys to encrypt a request.
        var id = await TestConsultations.RequestAsync(onB, cardiologist.Account.Id, "Souffle systolique ?");
        var sessions = await onB.GetFromJsonAsync<List<SessionRow>>("/account/sessions");
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_nodeB.Server.BaseAddress, ConsultationHub.Path), o =>
            {
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => new CookieContainerHandler(gp.Cookies) { InnerHandler = _nodeB.Server.CreateHandler() };
            })
            .Build();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await hub.StartAsync();
        await hub.InvokeAsync("Join", id, 0L);

        // Revoked on node A, from another browser of the same doctor: "log out everywhere".
        var other = await TestSessions.AgainAsync(_nodeA, gp.Account);
        Assert.Equal(HttpStatusCode.NoContent, (await other.Http.DeleteAsync("/account/sessions")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await onB.GetAsync("/api/v1/consultations")).StatusCode);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains(sessions!, s => s.Current); // node B lists the session node A opened
        Assert.Equal(0L, await _nodeA.Database.ScalarAsync<long>($"SELECT count(*) FROM web_session WHERE practitioner = '{gp.Account.Id}'"));
    }

    [Fact]
    public async Task A_login_begun_on_one_node_ends_on_the_other()
    {
        var doctor = await TestSessions.ActiveAsync(_nodeA, "Passante");
        var cookies = new System.Net.CookieContainer();
        var onA = _nodeA.CreateDefaultClient(new CookieContainerHandler(cookies));
        var onB = _nodeB.CreateDefaultClient(new CookieContainerHandler(cookies));

        Assert.True((await onA.PostAsJsonAsync("/account/login", new { email = doctor.Account.Email, password = doctor.Account.Password })).IsSuccessStatusCode);
        var code = await TestAccounts.EmailedCodeAsync(_nodeA, onA, doctor.Account);
        var verified = await onB.PostAsJsonAsync("/account/login/verify", new { factor = "EmailCode", code });

        Assert.True(verified.IsSuccessStatusCode, await verified.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/v1/consultations")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onA.GetAsync("/api/v1/consultations")).StatusCode);
    }

    private sealed record SessionRow(Guid Id, bool Current);
}
