using Collab.Contracts.Access;
using Collab.Contracts.Discussions;
using Collab.Contracts.Practitioners;
using Collab.Grains.Access;

namespace Collab.Grains.Discussions;

/// <summary>A practitioner's discussions: ids only (names and members are the discussions' own).</summary>
public sealed class DiscussionListGrain(
    [PersistentState("discussionList", StorageNames.Collab)] IPersistentState<DiscussionListState> state) : Grain, IDiscussionListGrain
{
    public Task<IReadOnlyList<Guid>> List(Caller caller)
    {
        AccessRules.RequireSelf(caller, new PractitionerId(this.GetPrimaryKey()), "read another practitioner's discussions");
        return Task.FromResult<IReadOnlyList<Guid>>([.. Enumerable.Reverse(state.State.Discussions)]);
    }

    public async Task<bool> SharesWith(Guid other) =>
        state.State.Discussions.Intersect(await GrainFactory.Grain<IDiscussionListGrain>(other).Ids()).Any();

    public Task<IReadOnlyList<Guid>> Ids() => Task.FromResult<IReadOnlyList<Guid>>([.. state.State.Discussions]);

    public async Task Add(Guid discussion)
    {
        if (!state.State.Discussions.Contains(discussion))
        {
            state.State.Discussions.Add(discussion);
            await state.WriteStateAsync();
        }
    }

    public async Task Remove(Guid discussion)
    {
        if (state.State.Discussions.Remove(discussion))
        {
            await state.WriteStateAsync();
        }
    }
}

public sealed class DiscussionListState
{
    public List<Guid> Discussions { get; set; } = [];
}
