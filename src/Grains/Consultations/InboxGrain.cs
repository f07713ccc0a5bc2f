using Collab.Contracts.Access;
using Collab.Contracts.Consultations;
using Collab.Contracts.Practitioners;
using Collab.Grains.Access;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Collab.Grains.Consultations;

/// <summary>A practitioner's inbox: lists from the index, and live changes to the web nodes where they are connected. No state.</summary>
public sealed class InboxGrain(IConsultationIndex index, ILogger<InboxGrain> logger) : Grain, IInboxGrain
{
    public const int MaxEntries = 200;

    // Relays renew every minute or so; one that stops (a node gone) is forgotten after this.
    public static readonly TimeSpan SubscriptionExpiry = TimeSpan.FromMinutes(3);

    private readonly ObserverManager<ILiveRelay> _relays = new(SubscriptionExpiry, logger);

    private Guid Id => this.GetPrimaryKey();

    public const int MaxExportEntries = 10_000;

    public Task<IReadOnlyList<InboxEntry>> List(InboxBox box, ConsultationStatus? status, Caller caller) => ListAsync(box, status, MaxEntries, caller);

    public async Task<IReadOnlyList<InboxEntry>> ListAll(Caller caller)
    {
        var all = new Dictionary<Guid, InboxEntry>();
        foreach (var box in Enum.GetValues<InboxBox>())
        {
            foreach (var entry in await ListAsync(box, null, MaxExportEntries, caller))
            {
                all.TryAdd(entry.Consultation, entry);
            }
        }

        return [.. all.Values];
    }

    private async Task<IReadOnlyList<InboxEntry>> ListAsync(InboxBox box, ConsultationStatus? status, int limit, Caller caller)
    {
        var me = new PractitionerId(Id);
        AccessRules.RequireSelf(caller, me, "read another practitioner's inbox");
        var groups = new List<Guid>();
        if (box == InboxBox.Groups)
        {
            // Invited or accepted members do not hold the group's keys yet: only confirmed groups count.
            foreach (var group in await GrainFactory.Grain<IPractitionerGrain>(Id).GetGroups(caller))
            {
                if (await GrainFactory.Grain<Contracts.Groups.IGroupGrain>(group).IsConfirmedMember(me))
                {
                    groups.Add(group);
                }
            }
        }

        return await index.ListAsync(new InboxQuery(Id, groups, box, status, limit));
    }

    public Task Subscribe(ILiveRelay relay)
    {
        _relays.Subscribe(relay, relay);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(ILiveRelay relay)
    {
        _relays.Unsubscribe(relay);
        return Task.CompletedTask;
    }

    public Task Ring(Contracts.Calls.CallRing ring)
    {
        _relays.Notify(r => r.OnCallRing(ring));
        return Task.CompletedTask;
    }

    public Task Publish(InboxEvent change)
    {
        _relays.Notify(r => r.OnInboxEvent(change));
        return Task.CompletedTask;
    }
}
