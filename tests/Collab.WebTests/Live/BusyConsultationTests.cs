using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collab.Testing;
using Collab.Web.Live;
using Microsoft.AspNetCore.SignalR.Client;

namespace Collab.WebTests.Live;

/// <summary>A busy service's consultation: everyone writes at the same moment, through the hub, as browsers and programs do.</summary>
public sealed class BusyConsultationTests : IAsyncLifetime
{
    private const int Members = 20;
    private const int MessagesEach = 5;
    private readonly CollabWebFactory _factory = new();

    public Task InitializeAsync() => _factory.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_factory).DisposeAsync();

    [Fact]
    public async Task Twenty_members_posting_at_once_are_each_stored_once_none_refused_and_every_member_sees_the_same_order()
    {
        // A requester and a service of 19 (its founder and 18 confirmed members): 20 participants.
        var requester = await TestSessions.ActiveAsync(_factory, "Demandeur");
        var founder = await TestSessions.ActiveAsync(_factory, "Fondateur");
        var structure = await TestAccounts.StructureAsync(_factory, founder.Account.Id, "Hôpital Charge");
        var created = await founder.Http.PostAsJsonAsync("/api/v1/groups", new { name = "Cardiologie", structure });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var group = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var people = new List<TestSession> { requester, founder };
        for (var m = 0; m < Members - 2; m++)
        {
            var member = await TestSessions.ActiveAsync(_factory, $"Membre{m}", structure);
            Ok(await founder.Http.PostAsJsonAsync($"/api/v1/groups/{group}/invitations", new { practitioner = member.Account.Id, role = "Doctor" }));
            Ok(await member.Http.PostAsync($"/api/v1/groups/{group}/accept", null));
            Ok(await founder.Http.PostAsync($"/api/v1/groups/{group}/members/{member.Account.Id}/confirm", null));
            people.Add(member);
        }

        var consultation = await TestConsultations.RequestToGroupAsync(requester.Http, group, "Fibrillation atriale ?");
        var received = people.Select(_ => new ConcurrentQueue<HubItem>()).ToList();
        var hubs = people.Select(p => p.Hub(_factory)).ToList();
        try
        {
            for (var i = 0; i < hubs.Count; i++)
            {
                var mine = received[i];
                hubs[i].On<List<HubItem>>("items", items => items.ForEach(mine.Enqueue));
            }

            await Task.WhenAll(hubs.Select(h => h.StartAsync()));
            await Task.WhenAll(hubs.Select(h => h.InvokeAsync("Join", consultation, 0L)));

            // Everyone at once: 100 sends in flight together, none knowing what the others write.
            using var start = new ManualResetEventSlim();
            var sends = hubs.SelectMany((hub, i) => Enumerable.Range(1, MessagesEach).Select(n => Task.Run(async () =>
            {
                start.Wait();
                return await hub.InvokeAsync<long>("Send", consultation, Guid.NewGuid(), $"membre {i} message {n}");
            }))).ToList();
            start.Set();
            var places = await Task.WhenAll(sends); // a refused send would throw here

            const int Total = Members * MessagesEach;
            await Eventually.TrueAsync(() => received.All(r => r.Count >= Total), "every member to receive every message", TimeSpan.FromSeconds(60));

            Assert.Equal(Enumerable.Range(1, Total).Select(s => (long)s), places.Order());
            var order = received[0].Select(r => (r.Sequence, r.Text)).ToList();
            Assert.Equal(Enumerable.Range(1, Total).Select(s => (long)s), order.Select(o => o.Sequence));
            Assert.Equal(Total, order.Select(o => o.Text).Distinct().Count());
            Assert.All(received, r => Assert.Equal(order, r.Select(item => (item.Sequence, item.Text)).ToList()));
            Assert.Equal(Total, await _factory.Database.ScalarAsync<long>($"SELECT count(DISTINCT client_id) FROM encrypted_item WHERE owner_id = '{consultation}'"));
            Assert.Equal(Total, await _factory.Database.ScalarAsync<long>($"SELECT count(*) FROM encrypted_item WHERE owner_id = '{consultation}'"));
            Assert.Equal(Total, await _factory.Database.ScalarAsync<long>($"SELECT count(*) FROM audit_event WHERE object_id = '{consultation}' AND action = 'consultation.item.post'"));
        }
        finally
        {
            foreach (var hub in hubs)
            {
                await hub.DisposeAsync();
            }
        }
    }

    private static void Ok(HttpResponseMessage response) =>
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {response.Content.ReadAsStringAsync().Result}");
}
