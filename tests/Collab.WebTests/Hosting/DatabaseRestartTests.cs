using System.Net;
using System.Net.Http.Json;
using Collab.Silo.Postgres;
using Collab.Testing;
using Collab.Web.Live;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Collab.WebTests.Hosting;

/// <summary>
/// PostgreSQL restarting under a running platform: every pooled connection dies with it (57P01, "terminating
/// connection due to administrator command"). Here the test database's connections are ended the way a restart
/// ends them (<c>pg_terminate_backend</c>: the same error, without stopping the server other test projects share),
/// and then every kind of write a user makes must still succeed — nobody sees an error.
/// </summary>
public sealed class DatabaseRestartTests(CollabWebFactory factory) : IClassFixture<CollabWebFactory>
{
    [Fact]
    public async Task The_first_write_after_a_restart_succeeds_even_on_a_connection_the_restart_killed()
    {
        var gp = await TestSessions.ActiveAsync(factory, "Garnier");
        var cardiologist = await TestSessions.ActiveAsync(factory, "Lemoine");
        var id = await TestConsultations.RequestAsync(gp.Http, cardiologist.Account.Id, "Souffle systolique ?");

        // No wait at all: the killed connections are still in the pools when the accept arrives (issue 23's 500).
        await EndConnectionsAsync(waitForTheWatch: false);
        var accepted = await cardiologist.Http.PostAsync($"/api/v1/consultations/{id}/accept", null);

        Ok(accepted);
    }

    [Fact]
    public async Task Every_kind_of_write_succeeds_after_a_restart()
    {
        var gp = await TestSessions.ActiveAsync(factory, "Garnier");
        var cardiologist = await TestSessions.ActiveAsync(factory, "Lemoine");

        await EndConnectionsAsync();
        var registered = await TestSessions.ActiveAsync(factory, "Nouveau"); // registration, validation, login
        await EndConnectionsAsync();
        var id = await TestConsultations.RequestAsync(gp.Http, cardiologist.Account.Id, "Souffle systolique ?");
        await EndConnectionsAsync();
        Ok(await cardiologist.Http.PostAsync($"/api/v1/consultations/{id}/accept", null));

        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, ConsultationHub.Path), o =>
            {
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => new CookieContainerHandler(gp.Cookies) { InnerHandler = factory.Server.CreateHandler() };
            })
            .Build();
        await hub.StartAsync();
        await hub.InvokeAsync("Join", id, 0L);
        await EndConnectionsAsync();
        var sequence = await hub.InvokeAsync<long>("Send", id, Guid.NewGuid(), "Voici l'ECG.");

        await EndConnectionsAsync();
        var discussion = await gp.Http.PostAsJsonAsync("/api/v1/discussions", new { people = new[] { cardiologist.Account.Id } });
        await EndConnectionsAsync();
        Ok(await gp.Http.PostAsJsonAsync("/api/v1/mail", new { to = new[] { cardiologist.Account.Id }, subject = "Compte rendu", body = "Ci-joint." }));
        await EndConnectionsAsync();
        Ok(await registered.Http.PutAsJsonAsync("/account/profile", new { phone = "04 72 00 00 00", specialty = "Cardiologie" }));
        await EndConnectionsAsync();
        Ok(await cardiologist.Http.PutAsJsonAsync($"/api/v1/consultations/{id}/retention", new { days = 120 }));
        await EndConnectionsAsync();
        Ok(await gp.Http.PostAsync("/account/logout", null));

        Assert.True(sequence > 0);
        Assert.Equal(HttpStatusCode.Created, discussion.StatusCode);
        Assert.True(factory.Services.GetRequiredService<PostgresConnectionWatch>().Outages >= 9);
        Assert.Equal("Healthy", await factory.CreateClient().GetStringAsync("/health/ready"));
    }

    private static void Ok(HttpResponseMessage response) =>
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {response.Content.ReadAsStringAsync().Result}");

    /// <summary>Ends every connection the platform holds to its database, as a restart does; then, unless told not to, waits until the platform's watch has seen it (a real restart lasts seconds).</summary>
    private async Task EndConnectionsAsync(bool waitForTheWatch = true)
    {
        var watch = factory.Services.GetRequiredService<PostgresConnectionWatch>();
        if (waitForTheWatch)
        {
            await Eventually.TrueAsync(() => watch.IsConnected, "the watch to be connected");
        }

        var before = watch.Outages;
        var ended = await factory.Database.ScalarAsync<long>(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
        Assert.True(ended > 0);
        if (waitForTheWatch)
        {
            await Eventually.TrueAsync(() => watch.Outages > before, "the watch to see the connections go");
        }
    }
}
