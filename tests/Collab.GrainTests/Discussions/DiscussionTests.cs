using System.Collections.Concurrent;
using Collab.Contracts.Discussions;
using Collab.Contracts.Errors;
using Collab.Crypto;
using Collab.Testing;
using Collab.Web.Consultations;
using Collab.Web.Live;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Collab.GrainTests.Discussions;

/// <summary>Discussions between colleagues through the web side of the boundary: members, keys, live delivery.</summary>
public sealed class DiscussionTests : ClusterTest
{
    [Fact]
    public async Task Members_read_each_other_live_and_an_outsider_is_refused_on_every_path_and_traced()
    {
        var alice = await Clinician.RegisterAsync(Grains, "Alice");
        var bob = await Clinician.RegisterAsync(Grains, "Bob");
        var outsider = await Clinician.RegisterAsync(Grains, "Curieux");
        var a = await alice.DiscussionsAsync();
        var id = await a.StartAsync([bob.Id], "Astreinte");
        var shown = new ConcurrentQueue<string>();
        var relay = new LiveRelay(Grains, NullLogger<LiveRelay>.Instance);
        await using var feed = new ConsultationFeed(relay, await bob.DiscussionsAsync(), id, change =>
        {
            foreach (var item in change.Items)
            {
                shown.Enqueue(item.Body!.Text!);
            }

            return Task.CompletedTask;
        });
        await feed.StartAsync();

        await a.PostAsync(id, ItemBody.Message("Tu peux passer voir le lit 12 ?"), Guid.NewGuid(), seen: 0);
        await (await bob.DiscussionsAsync()).PostAsync(id, ItemBody.Message("J'y vais."), Guid.NewGuid(), seen: 1);
        await Eventually.TrueAsync(() => shown.Count == 2);

        var grain = Grains.GetGrain<IDiscussionGrain>(id);
        var o = await outsider.DiscussionsAsync();
        var refusals = new[]
        {
            await Assert.ThrowsAsync<DomainException>(() => o.ReadAsync(id, 1)),
            await Assert.ThrowsAsync<DomainException>(() => grain.GetEpochSeals(outsider.Caller)),
            await Assert.ThrowsAsync<DomainException>(() => o.PostAsync(id, ItemBody.Message("intrus"), Guid.NewGuid(), seen: 0)),
            await Assert.ThrowsAsync<DomainException>(() => o.GetAsync(id)),
            await Assert.ThrowsAsync<DomainException>(() => o.RenameAsync(id, "pris")),
            await Assert.ThrowsAsync<DomainException>(() => grain.AddMembers([outsider.Id], outsider.Caller)),
        };

        Assert.Equal(["Tu peux passer voir le lit 12 ?", "J'y vais."], shown);
        Assert.All(refusals, e => Assert.Equal(DomainErrorCode.Forbidden, e.Code));
        Assert.Equal([id], await Grains.GetGrain<IDiscussionListGrain>(bob.Id.Value).List(bob.Caller));
        Assert.Empty(await Grains.GetGrain<IDiscussionListGrain>(outsider.Id.Value).List(outsider.Caller));
        Assert.True(await Database.ScalarAsync<long>(
            $"SELECT count(*) FROM audit_event WHERE object_id = '{id}' AND action = 'discussion.access' AND outcome = {(int)Collab.Grains.Audit.AuditOutcome.Refused}") >= refusals.Length);
    }

    [Fact]
    public async Task A_removed_member_reads_nothing_new_and_a_member_added_later_reads_from_their_arrival_on()
    {
        var owner = await Clinician.RegisterAsync(Grains, "Proprietaire");
        var staying = await Clinician.RegisterAsync(Grains, "Reste");
        var removed = await Clinician.RegisterAsync(Grains, "Retire");
        var late = await Clinician.RegisterAsync(Grains, "Arrive");
        var o = await owner.DiscussionsAsync();
        var id = await o.StartAsync([staying.Id, removed.Id], name: null);
        await o.PostAsync(id, ItemBody.Message("avant"), Guid.NewGuid(), seen: 0);

        await o.RemoveMemberAsync(id, removed.Id);
        await o.PostAsync(id, ItemBody.Message("après le départ"), Guid.NewGuid(), seen: 1); // starts an epoch without them
        await o.AddMembersAsync(id, [late.Id]);
        await o.PostAsync(id, ItemBody.Message("après l'arrivée"), Guid.NewGuid(), seen: 2);

        var grain = Grains.GetGrain<IDiscussionGrain>(id);
        var seals = await grain.GetEpochSeals(owner.Caller);
        var removedClient = await removed.DiscussionsAsync();
        var stayingReads = await (await staying.DiscussionsAsync()).ReadAsync(id, 1);
        var l = await late.DiscussionsAsync();
        var lateReads = await l.ReadAsync(id, 1);
        var lateView = await l.GetAsync(id);
        // No epoch from now on can be sealed to the removed member (nor to anyone not a member).
        var key = EpochKeys.New();
        var sealedTo = new Dictionary<Guid, byte[]>();
        foreach (var person in new[] { owner, staying, late, removed })
        {
            var publicKey = await person.Keys.GetPublicKey();
            sealedTo[person.Id.Value] = KeySealing.Seal(key, publicKey);
        }

        var widened = await Assert.ThrowsAsync<DomainException>(() => grain.StartEpoch(new(sealedTo, null, 0, null), owner.Caller));

        Assert.Equal(DomainErrorCode.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => removedClient.ReadAsync(id, 1))).Code);
        Assert.Equal(3, seals.Count); // the first, one after the removal, one after the arrival
        Assert.Equal("sealedToParticipants", Assert.Single(widened.Errors).Field);
        Assert.Equal(["avant", "après le départ", "après l'arrivée"], stayingReads.Select(i => i.Body!.Text));
        Assert.Equal(["après l'arrivée"], lateReads.Select(i => i.Body!.Text));
        Assert.Equal((3L, 2L), (lateView.LastSequence, lateView.ReadUpTo)); // one unread: what came after their arrival
        Assert.Empty(await Grains.GetGrain<IDiscussionListGrain>(removed.Id.Value).List(removed.Caller));
    }

    [Fact]
    public async Task A_member_added_with_the_history_reads_what_came_before_and_an_incomplete_history_is_refused()
    {
        var owner = await Clinician.RegisterAsync(Grains, "Hote");
        var first = await Clinician.RegisterAsync(Grains, "Premier");
        var invited = await Clinician.RegisterAsync(Grains, "Invite");
        var partial = await Clinician.RegisterAsync(Grains, "Partiel");
        var o = await owner.DiscussionsAsync();
        var id = await o.StartAsync([first.Id], name: null);
        await o.PostAsync(id, ItemBody.Message("le contexte"), Guid.NewGuid(), seen: 0);
        await o.RemoveMemberAsync(id, first.Id);
        await o.PostAsync(id, ItemBody.Message("la suite"), Guid.NewGuid(), seen: 1); // a second epoch

        await o.AddMembersAsync(id, [invited.Id], withHistory: true);
        await o.PostAsync(id, ItemBody.Message("bienvenue"), Guid.NewGuid(), seen: 2);
        var reads = await (await invited.DiscussionsAsync()).ReadAsync(id, 1);
        var grain = Grains.GetGrain<IDiscussionGrain>(id);
        var partialKey = await partial.Keys.GetPublicKey();
        var oneEpochOnly = (await grain.GetEpochSeals(owner.Caller)).Take(1)
            .Select(s => new HistorySeal(s.Epoch, partial.Id.Value, KeySealing.Seal(EpochKeys.New(), partialKey))).ToList();
        var incomplete = await Assert.ThrowsAsync<DomainException>(() => grain.AddMembers([partial.Id], owner.Caller, oneEpochOnly));

        Assert.Equal(["le contexte", "la suite", "bienvenue"], reads.Select(i => i.Body!.Text));
        Assert.Equal("history", Assert.Single(incomplete.Errors).Field);
        Assert.DoesNotContain(partial.Id, (await o.GetAsync(id)).Members);
    }

    [Fact]
    public async Task Search_finds_messages_by_all_their_words_whatever_the_case_and_accents_newest_first_and_only_for_members()
    {
        var alice = await Clinician.RegisterAsync(Grains, "Alice");
        var bob = await Clinician.RegisterAsync(Grains, "Bob");
        var outsider = await Clinician.RegisterAsync(Grains, "Curieux");
        var a = await alice.DiscussionsAsync();
        var id = await a.StartAsync([bob.Id], name: null);
        await a.PostAsync(id, ItemBody.Message("Échographie prévue lundi matin."), Guid.NewGuid(), seen: 0);
        await a.PostAsync(id, ItemBody.Message("ECG normal, échographie à refaire."), Guid.NewGuid(), seen: 1);
        await a.PostAsync(id, ItemBody.Message("Rien à signaler."), Guid.NewGuid(), seen: 2);

        var b = await bob.DiscussionsAsync();
        var both = await b.SearchAsync(id, "ECHOGRAPHIE");
        var one = await b.SearchAsync(id, "echographie  LUNDI");
        var none = await b.SearchAsync(id, "scanner");
        var refused = await Assert.ThrowsAsync<DomainException>(async () => await (await outsider.DiscussionsAsync()).SearchAsync(id, "échographie"));

        Assert.Equal([2L, 1L], both.Select(i => i.Sequence));
        Assert.Equal("Échographie prévue lundi matin.", Assert.Single(one).Body!.Text);
        Assert.Empty(none);
        Assert.Empty(await b.SearchAsync(id, "   "));
        Assert.Equal(DomainErrorCode.Forbidden, refused.Code);
    }

    [Fact]
    public async Task A_red_listed_colleague_is_reached_only_by_those_already_in_contact()
    {
        var alice = await Clinician.RegisterAsync(Grains, "Alice");
        var discreet = await Clinician.RegisterAsync(Grains, "Discret");
        var contact = await Clinician.RegisterAsync(Grains, "Contact");
        var c = await contact.DiscussionsAsync();
        await c.StartAsync([discreet.Id], "Avant la liste rouge");
        await discreet.Grain.SetRedListed(true, discreet.Caller);

        var stranger = await Assert.ThrowsAsync<DomainException>(async () => await (await alice.DiscussionsAsync()).StartAsync([discreet.Id], name: null));
        var known = await c.StartAsync([discreet.Id], "Suite");

        Assert.Equal("people", Assert.Single(stranger.Errors).Field);
        Assert.Equal([contact.Id, discreet.Id], (await (await discreet.DiscussionsAsync()).GetAsync(known)).Members);
    }

    [Fact]
    public async Task Only_the_owner_adds_and_removes_anyone_leaves_and_an_owner_who_leaves_hands_over()
    {
        var owner = await Clinician.RegisterAsync(Grains, "Proprietaire");
        var member = await Clinician.RegisterAsync(Grains, "Membre");
        var third = await Clinician.RegisterAsync(Grains, "Troisieme");
        var newcomer = await Clinician.RegisterAsync(Grains, "Nouveau");
        var id = await (await owner.DiscussionsAsync()).StartAsync([member.Id, third.Id], "Réunion");
        var m = await member.DiscussionsAsync();

        var add = await Assert.ThrowsAsync<DomainException>(() => m.AddMembersAsync(id, [newcomer.Id]));
        var remove = await Assert.ThrowsAsync<DomainException>(() => m.RemoveMemberAsync(id, third.Id));
        await m.RenameAsync(id, "Réunion du lundi");
        await (await owner.DiscussionsAsync()).LeaveAsync(id);
        var view = await m.GetAsync(id);

        Assert.Equal((DomainErrorCode.Forbidden, DomainErrorCode.Forbidden), (add.Code, remove.Code));
        Assert.Equal("Réunion du lundi", view.Name);
        Assert.Equal(member.Id, view.Owner);
        Assert.Equal([member.Id, third.Id], view.Members);
    }

    [Fact]
    public async Task A_member_of_a_service_starts_a_discussion_with_the_whole_service_and_an_outsider_cannot()
    {
        var head = await Clinician.RegisterAsync(Grains, "Chefservice");
        var interne = await Clinician.RegisterAsync(Grains, "Interne");
        var hidden = await Clinician.RegisterAsync(Grains, "Listerouge");
        await hidden.Grain.SetRedListed(true, hidden.Caller); // no card for others: the service puts them in contact
        var outsider = await Clinician.RegisterAsync(Grains, "Externe");
        var service = await head.FoundGroupAsync("Cardiologie", interne, hidden);

        var id = await (await interne.DiscussionsAsync()).StartAsync([], name: null, group: service);
        var view = await (await hidden.DiscussionsAsync()).GetAsync(id);
        var notAMember = await Assert.ThrowsAsync<DomainException>(() => outsider.DiscussionsAsync().ContinueWith(c => c.Result.StartAsync([], null, group: service)).Unwrap());
        var partOnly = await Assert.ThrowsAsync<DomainException>(() => Grains.GetGrain<IDiscussionGrain>(Guid.NewGuid()).Start(
            new DiscussionStart([head.Id], null, new Collab.Contracts.Consultations.EpochSeal(new Dictionary<Guid, byte[]>(), null, 0, null), service), interne.Caller));

        Assert.Equal("Cardiologie", view.Name); // the group's name when none is given
        Assert.Equal(new[] { interne.Id, head.Id, hidden.Id }.Select(p => p.Value).Order(), view.Members.Select(p => p.Value).Order());
        Assert.Equal("group", Assert.Single(notAMember.Errors).Field);
        Assert.Equal("people", Assert.Single(partOnly.Errors).Field);
    }

    [Fact]
    public async Task A_discussions_messages_voice_notes_and_file_names_are_absent_from_a_full_database_dump()
    {
        var marker = "CANARY-" + Guid.NewGuid().ToString("N");
        var alice = await Clinician.RegisterAsync(Grains, "Alice");
        var bob = await Clinician.RegisterAsync(Grains, "Bob");
        var a = await alice.DiscussionsAsync();
        var id = await a.StartAsync([bob.Id], name: null);
        await a.PostAsync(id, ItemBody.Message($"Patiente de 54 ans, {marker}, douleur thoracique."), Guid.NewGuid(), seen: 0);
        // A voice note is a file like any other: its bytes and its name planted with the canary.
        var store = Services.GetRequiredService<Grains.Consultations.IAttachmentStore>();
        var sound = System.Text.Encoding.UTF8.GetBytes($"OggS fake opus frames {marker} {marker}");
        var voice = await Web.Conversations.ConversationClient.StoreFileAsync(store, id, new MemoryStream(sound), $"note-{marker}.ogg", "audio/ogg", sound.Length);
        var place = await a.PostAsync(id, voice, Guid.NewGuid(), seen: 1);

        var dump = await Database.DumpAsync();

        Assert.Contains("encrypted_item", dump, StringComparison.Ordinal);
        Assert.Contains("attachment_chunk", dump, StringComparison.Ordinal);
        Assert.Empty(TestDatabase.FormsFoundIn(dump, marker));
        var b = await bob.DiscussionsAsync();
        var read = await b.ReadAsync(id, 1);
        Assert.Contains(marker, read[0].Body!.Text, StringComparison.Ordinal);
        var heard = new MemoryStream();
        Assert.True(await Web.Conversations.ConversationClient.ReadFileAsync(store, id, read.Single(i => i.Sequence == place).Body!, heard));
        Assert.Equal(sound, heard.ToArray());
        Assert.Equal($"note-{marker}.ogg", read.Single(i => i.Sequence == place).Body!.Name);
    }
}
