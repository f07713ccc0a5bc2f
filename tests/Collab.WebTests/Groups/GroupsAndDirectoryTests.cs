using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collab.Contracts.Practitioners;
using Collab.Testing;

namespace Collab.WebTests.Groups;

public sealed class GroupsAndDirectoryTests(CollabWebFactory factory) : IClassFixture<CollabWebFactory>
{
    [Fact]
    public async Task Invite_accept_then_any_online_member_shares_the_keys_and_a_removed_member_is_refused_at_once()
    {
        var adminClient = factory.CreateClient();
        var admin = await TestAccounts.ActiveAsync(factory, adminClient, lastName: "Admin");
        var structure = await TestAccounts.StructureAsync(factory, admin.Id);
        var created = await adminClient.PostAsJsonAsync("/api/v1/groups", new { name = "Cardiologie", structure });
        var group = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var colleagueClient = factory.CreateClient();
        var colleague = await TestAccounts.ActiveAsync(factory, colleagueClient, structure, "Collegue");

        var invited = await adminClient.PostAsJsonAsync($"/api/v1/groups/{group}/invitations", new { practitioner = colleague.Id, role = "Doctor" });
        var accepted = await colleagueClient.PostAsync($"/api/v1/groups/{group}/accept", null);
        var beforeConfirmation = await factory.Cluster.GetGrain<Contracts.Groups.IGroupGrain>(group).GetKeyRing(new PractitionerId(colleague.Id));
        var seenByAdmin = await adminClient.GetFromJsonAsync<JsonElement>($"/api/v1/groups/{group}"); // the admin is online: shares the keys
        var afterConfirmation = await factory.Cluster.GetGrain<Contracts.Groups.IGroupGrain>(group).GetKeyRing(new PractitionerId(colleague.Id));
        var colleagueSees = await colleagueClient.GetAsync($"/api/v1/groups/{group}");

        var removed = await adminClient.DeleteAsync($"/api/v1/groups/{group}/members/{colleague.Id}");
        var nextRequest = await colleagueClient.GetAsync($"/api/v1/groups/{group}");
        var ring = await factory.Cluster.GetGrain<Contracts.Groups.IGroupGrain>(group).GetKeyRing(new PractitionerId(admin.Id));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, invited.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
        Assert.Null(beforeConfirmation.Versions.Single().SealedToMember);
        Assert.Equal("Confirmed", seenByAdmin.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("practitioner").GetProperty("value").GetGuid() == colleague.Id).GetProperty("state").GetString());
        Assert.NotNull(afterConfirmation.Versions.Single().SealedToMember);
        Assert.Equal(HttpStatusCode.OK, colleagueSees.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, nextRequest.StatusCode);
        Assert.Equal(2, ring.CurrentVersion);
    }

    [Fact]
    public async Task A_member_who_accepts_gets_the_keys_from_a_holder_online_and_is_told_of_waiting_requests_without_anyone_visiting_a_page()
    {
        var founder = await TestSessions.ActiveAsync(factory, "Fondatrice");
        var group = await GroupAsync(founder, "Rhumatologie");
        var gp = await TestSessions.ActiveAsync(factory, "Generaliste");
        var waiting = await TestConsultations.RequestToGroupAsync(gp.Http, group, "Arthrite ?");
        var member = await TestSessions.ActiveAsync(factory, "Arrivant");
        await using var founderOnline = founder.Hub(factory); // an open page: no visit of the groups page, no request
        await founderOnline.StartAsync();

        Ok(await founder.Http.PostAsJsonAsync($"/api/v1/groups/{group}/invitations", new { practitioner = member.Account.Id, role = "Doctor" }));
        Ok(await member.Http.PostAsync($"/api/v1/groups/{group}/accept", null));
        var ring = await Eventually.Get(
            () => factory.Cluster.GetGrain<Contracts.Groups.IGroupGrain>(group).GetKeyRing(new PractitionerId(member.Account.Id)),
            r => r.Versions.Single().SealedToMember is not null, TimeSpan.FromSeconds(20), "the keys to reach the new member");
        await Eventually.TrueAsync(() => NewRequestNotices(member.Account) == 1, "the notice of the waiting request");
        var report = await member.Http.GetAsync($"/consultations/{waiting}/report.pdf"); // decrypted with the keys they were given

        Assert.NotNull(ring.Versions.Single().SealedToMember);
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Equal("application/pdf", report.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"practitioner:{founder.Account.Id}", await factory.Database.ScalarAsync<string>(
            $"SELECT actor FROM audit_event WHERE object_id = '{group}' AND action = 'group.member.confirm.keys-shared'"));
    }

    [Fact]
    public async Task Without_a_holder_online_the_keys_reach_the_member_at_the_next_holders_login()
    {
        var founder = await TestSessions.ActiveAsync(factory, "Fondateur");
        var group = await GroupAsync(founder, "Endocrinologie");
        var member = await TestSessions.ActiveAsync(factory, "Nouveau");
        Ok(await founder.Http.PostAsJsonAsync($"/api/v1/groups/{group}/invitations", new { practitioner = member.Account.Id, role = "Doctor" }));
        Ok(await member.Http.PostAsync($"/api/v1/groups/{group}/accept", null));
        var gp = await TestSessions.ActiveAsync(factory, "Medecin");
        await TestConsultations.RequestToGroupAsync(gp.Http, group, "Thyroïde ?");
        var grain = factory.Cluster.GetGrain<Contracts.Groups.IGroupGrain>(group);
        var whileNobodyIsOnline = await grain.GetKeyRing(new PractitionerId(member.Account.Id));

        await TestSessions.AgainAsync(factory, founder.Account); // the founder logs in again, and opens nothing
        var afterLogin = await grain.GetKeyRing(new PractitionerId(member.Account.Id));
        await Eventually.TrueAsync(() => NewRequestNotices(member.Account) == 1, "the notice of the waiting request");

        Assert.Null(whileNobodyIsOnline.Versions.Single().SealedToMember);
        Assert.NotNull(afterLogin.Versions.Single().SealedToMember);
    }

    private int NewRequestNotices(TestAccount account) =>
        factory.Outbox.Messages.Count(m => m.To == account.Email && m.Subject == "Collab : nouvelle demande d'avis");

    // A service of the founder's own structure, the founder its first group admin.
    private async Task<Guid> GroupAsync(TestSession founder, string name)
    {
        var structure = await TestAccounts.StructureAsync(factory, founder.Account.Id, $"Hôpital {name}");
        var created = await founder.Http.PostAsJsonAsync("/api/v1/groups", new { name, structure });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static void Ok(HttpResponseMessage response) =>
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {response.Content.ReadAsStringAsync().Result}");

    [Fact]
    public async Task A_member_who_is_not_a_group_admin_cannot_invite()
    {
        var adminClient = factory.CreateClient();
        var admin = await TestAccounts.ActiveAsync(factory, adminClient, lastName: "Admin");
        var structure = await TestAccounts.StructureAsync(factory, admin.Id);
        var group = (await (await adminClient.PostAsJsonAsync("/api/v1/groups", new { name = "Pneumologie", structure })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var memberClient = factory.CreateClient();
        var member = await TestAccounts.ActiveAsync(factory, memberClient, lastName: "Membre");
        await adminClient.PostAsJsonAsync($"/api/v1/groups/{group}/invitations", new { practitioner = member.Id, role = "Assistant" });
        await memberClient.PostAsync($"/api/v1/groups/{group}/accept", null);
        var outsider = await TestAccounts.RegisterAsync(factory.CreateClient(), lastName: "Dehors");
        await factory.Cluster.GetGrain<IPractitionerStandingGrain>(outsider.Id).Validate(Contracts.Access.Caller.System("tests"));

        var refused = await memberClient.PostAsJsonAsync($"/api/v1/groups/{group}/invitations", new { practitioner = outsider.Id, role = "Doctor" });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task The_directory_finds_active_practitioners_and_groups_but_not_pending_or_red_listed_ones()
    {
        var client = factory.CreateClient();
        var searcher = await TestAccounts.ActiveAsync(factory, client, lastName: "Chercheur");
        var marker = "Zyx" + Guid.NewGuid().ToString("N")[..6];
        var active = await TestAccounts.RegisterAsync(factory.CreateClient(), lastName: marker + "Hélène");
        await factory.Cluster.GetGrain<IPractitionerStandingGrain>(active.Id).Validate(Contracts.Access.Caller.System("tests"));
        var pending = await TestAccounts.RegisterAsync(factory.CreateClient(), lastName: marker + "Attente");
        var hiddenClient = factory.CreateClient();
        var hidden = await TestAccounts.ActiveAsync(factory, hiddenClient, lastName: marker + "Rouge");
        await factory.Cluster.GetGrain<IPractitionerGrain>(hidden.Id).SetRedListed(true, Contracts.Access.Caller.Practitioner(hidden.Id, null, null));

        var found = await client.GetFromJsonAsync<JsonElement>($"/api/v1/directory?text={marker.ToLowerInvariant()}helene");
        var all = await client.GetFromJsonAsync<JsonElement>($"/api/v1/directory?text={marker}");
        var pendingClient = factory.CreateClient();
        await TestAccounts.LoginAsync(factory, pendingClient, pending);
        var pendingSearch = await pendingClient.GetAsync($"/api/v1/directory?text={marker}");

        Assert.Equal(active.Id, found.GetProperty("entries").EnumerateArray().Single().GetProperty("id").GetGuid());
        Assert.Equal(1, all.GetProperty("total").GetInt64());
        Assert.Equal(HttpStatusCode.Forbidden, pendingSearch.StatusCode);
        Assert.True(await factory.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM audit_event WHERE action = 'directory.search' AND actor = 'practitioner:{searcher.Id}'") >= 2);
    }
}
