using System.Collections.Concurrent;
using Collab.Contracts.Calls;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Grains.Calls;
using Collab.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Collab.GrainTests.Calls;

/// <summary>
/// A conversation's call on a real cluster: the conversation decides who joins, signalling reaches only the peer it is
/// addressed to, a member removed during the call is put out of it, and the call leaves a trace and a timeline record.
/// </summary>
public sealed class CallTests : ClusterTest
{
    [Fact]
    public async Task Members_join_and_signal_each_other_an_outsider_is_refused_a_removed_member_is_put_out_and_the_call_is_recorded()
    {
        var owner = await Clinician.RegisterAsync(Grains, "Martin");
        var colleague = await Clinician.RegisterAsync(Grains, "Bernard");
        var outsider = await Clinician.RegisterAsync(Grains, "Dehors");
        var discussions = await owner.DiscussionsAsync();
        var id = await discussions.StartAsync([colleague.Id], "Cas du jour");
        var call = Grains.GetGrain<ICallGrain>(id);
        var ownerBrowser = new Browser();
        var colleagueBrowser = new Browser();
        var colleagueNode = new RecordingRelay();
        await Grains.GetGrain<Contracts.Consultations.IInboxGrain>(colleague.Id.Value).Subscribe(Grains.CreateObjectReference<Contracts.Consultations.ILiveRelay>(colleagueNode));

        var first = await call.Join(true, CallMedia.Video, Grains.CreateObjectReference<ICallObserver>(ownerBrowser), owner.Caller);
        Assert.Empty(first.Others);
        Assert.Equal(CallAccess.Embedded, first.Access.Adapter);
        await Eventually.TrueAsync(() => colleagueNode.Rings.Any(r => r is { Ringing: true, Discussion: true } && r.Conversation == id && r.By == owner.Id && r.To == colleague.Id), "the colleague's app rings");
        var refused = await Assert.ThrowsAsync<DomainException>(() => call.Join(true, CallMedia.Video, Grains.CreateObjectReference<ICallObserver>(new Browser()), outsider.Caller));
        Assert.Equal(DomainErrorCode.Forbidden, refused.Code);
        Assert.Equal(DomainErrorCode.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => call.Get(true, outsider.Caller))).Code);

        var second = await call.Join(true, CallMedia.Voice, Grains.CreateObjectReference<ICallObserver>(colleagueBrowser), colleague.Caller);
        Assert.Equal(CallMedia.Video, second.Media); // the call's, whatever the latecomer asked
        Assert.Equal(first.Peer, Assert.Single(second.Others).Peer);
        await Eventually.TrueAsync(() => ownerBrowser.Joined.Any(p => p.Peer == second.Peer && p.Practitioner == colleague.Id), "the owner told of the newcomer");

        // The newcomer offers; only the addressee hears it; nobody signals as someone else.
        await call.Signal(second.Peer, first.Peer, "{\"description\":{\"type\":\"offer\"}}", colleague.Caller);
        await Eventually.TrueAsync(() => ownerBrowser.Signals.Any(s => s.From == second.Peer), "the offer delivered");
        Assert.Empty(colleagueBrowser.Signals);
        Assert.Equal(DomainErrorCode.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => call.Signal(second.Peer, first.Peer, "{}", owner.Caller))).Code);
        Assert.Equal(DomainErrorCode.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => call.Signal(first.Peer, second.Peer, "{}", outsider.Caller))).Code);
        Assert.Equal(2, (await call.Get(true, colleague.Caller)).Participants.Count);

        // Removed from the discussion during the call: put out of it within a check period.
        await discussions.RemoveMemberAsync(id, colleague.Id);
        await Eventually.TrueAsync(() => colleagueBrowser.Ended.Contains("removed"), "the removed member put out", TimeSpan.FromSeconds(6 * CallGrain.MemberCheckPeriod.TotalSeconds));
        await Eventually.TrueAsync(() => ownerBrowser.Left.Contains(second.Peer), "the others told");
        Assert.Equal(DomainErrorCode.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => call.Signal(second.Peer, first.Peer, "{}", colleague.Caller))).Code);

        // The last one out ends it: a record for the timeline, and the trail says who, when, how long.
        await call.Leave(first.Peer, owner.Caller);
        var view = await call.Get(true, owner.Caller);
        Assert.Null(view.Current);
        await Eventually.TrueAsync(() => colleagueNode.Rings.Any(r => !r.Ringing && r.Conversation == id), "the ring stops");
        var ended = Assert.Single(view.Ended);
        Assert.Equal(first.Call, ended.Id);
        Assert.Equal(2, ended.Participants);
        Assert.Equal(CallMedia.Video, ended.Media);
        foreach (var (action, count) in new[] { ("call.join", 2L), ("call.removed", 1L), ("call.leave", 1L), ("call.end", 1L) })
        {
            Assert.Equal(count, await Database.ScalarAsync<long>($"SELECT count(*) FROM audit_event WHERE object_id = '{id}' AND action = '{action}'"));
        }

        Assert.Equal(3L, await Database.ScalarAsync<long>($"SELECT count(*) FROM audit_event WHERE object_id = '{id}' AND action = 'call.access' AND outcome = 2")); // as another peer, as an outsider, and once put out
    }

    [Fact]
    public async Task A_call_holds_four_browsers()
    {
        var owner = await Clinician.RegisterAsync(Grains, "Martin");
        var others = new List<Clinician>();
        for (var i = 0; i < 4; i++)
        {
            others.Add(await Clinician.RegisterAsync(Grains, $"Collegue{i}"));
        }

        var id = await (await owner.DiscussionsAsync()).StartAsync([.. others.Select(o => o.Id)], "Staff");
        var call = Grains.GetGrain<ICallGrain>(id);
        var browsers = new List<Browser>(); // held here: an observer reference does not keep its object alive
        foreach (var who in new[] { owner }.Concat(others.Take(3)))
        {
            browsers.Add(new Browser());
            await call.Join(true, CallMedia.Voice, Grains.CreateObjectReference<ICallObserver>(browsers[^1]), who.Caller);
        }

        var fifth = new Browser();
        var full = await Assert.ThrowsAsync<DomainException>(() => call.Join(true, CallMedia.Voice, Grains.CreateObjectReference<ICallObserver>(fifth), others[3].Caller));
        Assert.Equal(DomainErrorCode.Conflict, full.Code);
        Assert.Equal(3, browsers[0].Joined.Count); // the first one heard of the three others
        GC.KeepAlive(browsers);
        GC.KeepAlive(fifth);
    }

    private sealed class Browser : ICallObserver
    {
        public ConcurrentBag<CallPeer> Joined { get; } = [];

        public ConcurrentBag<Guid> Left { get; } = [];

        public ConcurrentBag<(Guid From, string Payload)> Signals { get; } = [];

        public ConcurrentBag<string> Ended { get; } = [];

        Task ICallObserver.Joined(CallPeer peer)
        {
            Joined.Add(peer);
            return Task.CompletedTask;
        }

        Task ICallObserver.Left(Guid peer)
        {
            Left.Add(peer);
            return Task.CompletedTask;
        }

        Task ICallObserver.Signal(Guid from, string payload)
        {
            Signals.Add((from, payload));
            return Task.CompletedTask;
        }

        Task ICallObserver.Ended(string reason)
        {
            Ended.Add(reason);
            return Task.CompletedTask;
        }
    }
}

/// <summary>A video service that does not answer: the member is told to try again, and no half-started call is left behind.</summary>
public sealed class CallServiceDownTests : ClusterTest
{
    protected override void ConfigureSilo(ISiloBuilder silo) =>
        silo.Services.AddSingleton<IVideoCalls, Unreachable>();

    [Fact]
    public async Task A_call_the_video_service_cannot_open_is_refused_clearly_and_not_left_half_started()
    {
        var owner = await Clinician.RegisterAsync(Grains, "Martin");
        var colleague = await Clinician.RegisterAsync(Grains, "Bernard");
        var id = await (await owner.DiscussionsAsync()).StartAsync([colleague.Id], "Cas du jour");
        var call = Grains.GetGrain<ICallGrain>(id);

        var refused = await Assert.ThrowsAsync<DomainException>(() => call.Join(true, CallMedia.Video, Grains.CreateObjectReference<ICallObserver>(new NoBrowser()), owner.Caller));

        Assert.Equal(DomainErrorCode.Conflict, refused.Code);
        Assert.Contains("did not answer", refused.Message, StringComparison.Ordinal);
        var view = await call.Get(true, owner.Caller);
        Assert.Null(view.Current);
        Assert.Empty(view.Participants);
    }

    private sealed class Unreachable : IVideoCalls
    {
        public Task OpenAsync(Guid call, CancellationToken cancellationToken = default) => throw new HttpRequestException("connection refused");

        public CallAccess Access(Guid call, string identity) => throw new InvalidOperationException("never reached");

        public Task CloseAsync(Guid call, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    private sealed class NoBrowser : ICallObserver
    {
        public Task Joined(CallPeer peer) => Task.CompletedTask;

        public Task Left(Guid peer) => Task.CompletedTask;

        public Task Signal(Guid from, string payload) => Task.CompletedTask;

        public Task Ended(string reason) => Task.CompletedTask;
    }
}
