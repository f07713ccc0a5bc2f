using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Collab.Contracts.Access;
using Collab.Contracts.Consultations;
using Collab.Contracts.Practitioners;
using Collab.Crypto;
using Collab.Testing;
using Collab.Web.Consultations;
using Collab.Web.Live;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Collab.WebTests.Live;

/// <summary>/hubs/collab as a non-browser client uses it: cookie login, join, send, receive, refusals.</summary>
public sealed class LiveHubTests : IAsyncLifetime
{
    private readonly CollabWebFactory _factory = new();

    public Task InitializeAsync() => _factory.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_factory).DisposeAsync();

    [Fact]
    public async Task Participants_talk_through_the_hub_each_message_once_and_outsiders_are_refused()
    {
        var (gp, gpHttp, gpCookies) = await LoggedInAsync("Generaliste");
        var (cardiologist, _, cardiologistCookies) = await LoggedInAsync("Cardiologue");
        var (_, outsiderHttp, outsiderCookies) = await LoggedInAsync("Dehors");
        var id = Guid.NewGuid();
        var requester = await ClientAsync(gp);
        await requester.CreateDraftAsync(new RequestInput(new PractitionerId(cardiologist.Id), null,
            new PatientIdentity("Patient", "Test", new DateOnly(1950, 1, 2), PatientSex.Male, null), "Question ?", "Contexte.", false, null, true), id);
        await _factory.Cluster.GetGrain<IConsultationGrain>(id).Act(ConsultationAction.Send, new(), requester.Caller);

        await using var gpHub = Hub(gpCookies);
        await using var cardiologistHub = Hub(cardiologistCookies);
        await using var outsiderHub = Hub(outsiderCookies);
        var received = new ConcurrentQueue<HubItem>();
        var events = new ConcurrentQueue<HubEvent>();
        cardiologistHub.On<List<HubItem>>("items", items => items.ForEach(received.Enqueue));
        cardiologistHub.On<HubEvent>("event", events.Enqueue);
        await Task.WhenAll(gpHub.StartAsync(), cardiologistHub.StartAsync(), outsiderHub.StartAsync());
        await cardiologistHub.InvokeAsync("Join", id, 0L);
        await gpHub.InvokeAsync("Join", id, 0L);

        var clientId = Guid.NewGuid();
        var first = await gpHub.InvokeAsync<long>("Send", id, clientId, "Bonjour, voici le patient.");
        var retried = await gpHub.InvokeAsync<long>("Send", id, clientId, "Bonjour, voici le patient.");
        await gpHub.InvokeAsync("Typing", id);
        await Eventually.TrueAsync(() => !received.IsEmpty && events.Any(e => e.Kind == ConsultationEventKind.Typing), "the message and the typing signal");
        await cardiologistHub.InvokeAsync("MarkRead", id, first);
        var refusedJoin = await Assert.ThrowsAsync<HubException>(() => outsiderHub.InvokeAsync("Join", id, 0L));
        var refusedSend = await Assert.ThrowsAsync<HubException>(() => outsiderHub.InvokeAsync<long>("Send", id, Guid.NewGuid(), "intrus"));
        var emptySend = await Assert.ThrowsAsync<HubException>(() => gpHub.InvokeAsync<long>("Send", id, Guid.NewGuid(), " "));
        var longest = await gpHub.InvokeAsync<long>("Send", id, Guid.NewGuid(), new string('é', TextLimits.Message)); // past SignalR's 32 KB default
        var tooLong = await Assert.ThrowsAsync<HubException>(() => gpHub.InvokeAsync<long>("Send", id, Guid.NewGuid(), new string('a', TextLimits.Message + 1)));
        await Eventually.TrueAsync(() => received.Count >= 2, "the longest message");

        Assert.Equal(first, retried);
        Assert.Equal([first, longest], received.Select(r => r.Sequence)); // each once, in order
        Assert.Equal(["Bonjour, voici le patient.", new string('é', TextLimits.Message)], received.Select(r => r.Text));
        Assert.All(received, r => Assert.Equal(gp.Id, r.Author));
        Assert.Contains("Forbidden", refusedJoin.Message, StringComparison.Ordinal);
        Assert.Contains("Forbidden", refusedSend.Message, StringComparison.Ordinal);
        Assert.Contains("InvalidInput", emptySend.Message, StringComparison.Ordinal);
        Assert.Equal(first + 1, longest);
        Assert.Contains("InvalidInput", tooLong.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await outsiderHttp.GetAsync($"/consultations/{id}/report.pdf")).StatusCode);
        using var asPage = new HttpRequestMessage(HttpMethod.Get, $"/consultations/{id}/report.pdf") { Headers = { { "Accept", "text/html" } } };
        var refusedPage = await outsiderHttp.SendAsync(asPage); // a person following the link gets a page, in French
        Assert.Equal((HttpStatusCode.Forbidden, "text/html"), (refusedPage.StatusCode, refusedPage.Content.Headers.ContentType?.MediaType));
        Assert.Contains("Accès refusé.", System.Net.WebUtility.HtmlDecode(await refusedPage.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await outsiderHttp.GetAsync($"/consultations/{id}/files/{first}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await gpHttp.GetAsync($"/consultations/{id}/files/{first}")).StatusCode); // a message, not a file
        var report = await gpHttp.GetAsync($"/consultations/{id}/report.pdf");
        Assert.Equal("application/pdf", report.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, await _factory.Database.ScalarAsync<long>($"SELECT count(*) FROM audit_event WHERE object_id = '{id}' AND action = 'consultation.item.seen'"));
    }

    [Fact]
    public async Task Members_of_a_discussion_talk_through_the_hub_and_a_non_member_is_refused()
    {
        var (alice, aliceHttp, aliceCookies) = await LoggedInAsync("Alice");
        var (bob, _, bobCookies) = await LoggedInAsync("Bob");
        var (_, _, outsiderCookies) = await LoggedInAsync("Dehors");
        var started = await aliceHttp.PostAsJsonAsync("/api/v1/discussions", new { people = new[] { bob.Id } });
        var id = (await started.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();

        await using var aliceHub = Hub(aliceCookies);
        await using var bobHub = Hub(bobCookies);
        await using var outsiderHub = Hub(outsiderCookies);
        var received = new ConcurrentQueue<HubItem>();
        bobHub.On<List<HubItem>>("items", items => items.ForEach(received.Enqueue));
        await Task.WhenAll(aliceHub.StartAsync(), bobHub.StartAsync(), outsiderHub.StartAsync());
        await bobHub.InvokeAsync("JoinDiscussion", id, 0L);
        await aliceHub.InvokeAsync("JoinDiscussion", id, 0L);
        var first = await aliceHub.InvokeAsync<long>("Send", id, Guid.NewGuid(), "Tu passes en réa ?");
        var second = await bobHub.InvokeAsync<long>("Send", id, Guid.NewGuid(), "J'arrive.");
        await Eventually.TrueAsync(() => received.Count >= 2, "both messages");
        await bobHub.InvokeAsync("MarkRead", id, second);
        var refusedJoin = await Assert.ThrowsAsync<HubException>(() => outsiderHub.InvokeAsync("JoinDiscussion", id, 0L));
        var refusedSend = await Assert.ThrowsAsync<HubException>(() => outsiderHub.InvokeAsync<long>("Send", id, Guid.NewGuid(), "intrus"));

        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        Assert.Equal([first, second], received.Select(r => r.Sequence));
        Assert.Equal(["Tu passes en réa ?", "J'arrive."], received.Select(r => r.Text));
        Assert.Equal([alice.Id, bob.Id], received.Select(r => r.Author));
        Assert.Contains("Forbidden", refusedJoin.Message, StringComparison.Ordinal);
        Assert.Matches("Forbidden|NotFound", refusedSend.Message); // not joined: it is no consultation of theirs either
        Assert.Equal(1, await _factory.Database.ScalarAsync<long>($"SELECT count(*) FROM audit_event WHERE object_id = '{id}' AND action = 'discussion.item.seen'"));
    }

    [Fact]
    public async Task A_client_back_after_a_dropped_connection_resumes_from_its_last_sequence_without_announcing_an_arrival()
    {
        var (_, aliceHttp, aliceCookies) = await LoggedInAsync("Alice");
        var (bob, _, bobCookies) = await LoggedInAsync("Bob");
        var started = await aliceHttp.PostAsJsonAsync("/api/v1/discussions", new { people = new[] { bob.Id } });
        var id = (await started.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        await using var aliceHub = Hub(aliceCookies);
        var bobsSignals = new ConcurrentQueue<HubEvent>(); // what Alice hears of Bob
        aliceHub.On<HubEvent>("event", e =>
        {
            if (e.By == bob.Id)
            {
                bobsSignals.Enqueue(e);
            }
        });
        await aliceHub.StartAsync();
        await aliceHub.InvokeAsync("JoinDiscussion", id, 0L);

        // Bob arrives (announced), says something, and his connection drops; Alice writes meanwhile.
        var bobHub = Hub(bobCookies);
        await bobHub.StartAsync();
        await bobHub.InvokeAsync("JoinDiscussion", id, 0L);
        var held = await bobHub.InvokeAsync<long>("Send", id, Guid.NewGuid(), "Je regarde le scanner.");
        await bobHub.DisposeAsync();
        var missed = await aliceHub.InvokeAsync<long>("Send", id, Guid.NewGuid(), "Tu as vu la lésion ?");

        // His client connects again and resumes from the last sequence it held, then types.
        await using var bobAgain = Hub(bobCookies);
        var received = new ConcurrentQueue<HubItem>();
        bobAgain.On<List<HubItem>>("items", items => items.ForEach(received.Enqueue));
        await bobAgain.StartAsync();
        await bobAgain.InvokeAsync("Resume", id, held, true);
        await bobAgain.InvokeAsync("Typing", id);
        await Eventually.TrueAsync(() => bobsSignals.Any(e => e.Kind == ConsultationEventKind.Typing) && !received.IsEmpty, "Bob's typing and the missed message");

        Assert.Equal([missed], received.Select(r => r.Sequence));
        Assert.Equal([ConsultationEventKind.Presence, ConsultationEventKind.Typing], bobsSignals.Select(e => e.Kind));
    }

    [Fact]
    public async Task The_api_creates_a_request_and_refuses_a_wrong_nir_and_missing_fields_all_at_once()
    {
        var (_, http, _) = await LoggedInAsync("Generaliste");
        var (cardiologist, _, _) = await LoggedInAsync("Cardiologue");

        var refused = await http.PostAsJsonAsync("/api/v1/consultations", new
        {
            requiredPractitioner = cardiologist.Id,
            patient = new { lastName = "Durand", birthDate = "1969-02-14", nir = "2690299350123 00" },
            question = "",
            description = new string('x', TextLimits.Description + 1),
        });
        var created = await http.PostAsJsonAsync("/api/v1/consultations", new
        {
            requiredPractitioner = cardiologist.Id,
            patient = new { lastName = "Durand", firstName = "Jeanne", birthDate = "1969-02-14", sex = "Female", nir = (string?)null },
            question = "Holter ?",
            description = "Contexte.",
            consentToShare = true,
            send = true,
        });
        var errors = (await refused.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("errors");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["description", "patient.firstName", "patient.nir", "question"], errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(TextLimits.TooLongRule(TextLimits.Description), errors.GetProperty("description")[0].GetString());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<CreatedConsultation>())!.Id;
        var inbox = await http.GetFromJsonAsync<List<InboxEntry>>("/api/v1/consultations?box=Sent", new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } });
        Assert.Equal(ConsultationStatus.Requested, Assert.Single(inbox!, e => e.Consultation == id).Status);
    }

    private async Task<(TestAccount Account, HttpClient Http, CookieContainer Cookies)> LoggedInAsync(string lastName)
    {
        var cookies = new CookieContainer();
        var http = _factory.CreateDefaultClient(new CookieContainerHandler(cookies));
        var account = await TestAccounts.ActiveAsync(_factory, http, lastName: lastName);
        return (account, http, cookies);
    }

    private HubConnection Hub(CookieContainer cookies) => new HubConnectionBuilder()
        .WithUrl(new Uri(_factory.Server.BaseAddress, ConsultationHub.Path), o =>
        {
            o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling;
            o.HttpMessageHandlerFactory = _ => new CookieContainerHandler(cookies) { InnerHandler = _factory.Server.CreateHandler() };
        })
        .Build();

    // The requester acting through grains with their own keys (unwrapped with their password), as the web layer does.
    private async Task<ConsultationClient> ClientAsync(TestAccount account)
    {
        var grain = _factory.Cluster.GetGrain<IPractitionerKeysGrain>(account.Id);
        var caller = Caller.Practitioner(account.Id, null, "tests");
        var stored = (await grain.GetKeys(caller))!;
        return new ConsultationClient(_factory.Cluster, new PractitionerId(account.Id), () => UserKeyWrapping.UnwrapWithPassword(stored.PasswordWrapped, stored.PublicKey, account.Password), caller);
    }
}
