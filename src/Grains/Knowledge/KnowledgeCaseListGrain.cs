using Collab.Contracts.Access;
using Collab.Contracts.Groups;
using Collab.Contracts.Knowledge;
using Collab.Contracts.Practitioners;
using Collab.Grains.Access;

namespace Collab.Grains.Knowledge;

/// <summary>The anonymous cases of a practitioner or a network (<see cref="IKnowledgeCaseListGrain"/>).</summary>
public sealed class KnowledgeCaseListGrain(
    [PersistentState("knowledgecases", StorageNames.Collab)] IPersistentState<List<Guid>> state) : Grain, IKnowledgeCaseListGrain
{
    public async Task Add(Guid caseId)
    {
        if (!state.State.Contains(caseId))
        {
            state.State.Insert(0, caseId);
            await state.WriteStateAsync();
        }
    }

    public async Task<IReadOnlyList<Guid>> List(Caller caller)
    {
        await AccessRules.RequireCareProvider(GrainFactory, caller, "list these cases");
        var key = this.GetPrimaryKey();
        if (caller.PractitionerId != key && !await GrainFactory.Grain<IGroupGrain>(key).IsConfirmedMember(new PractitionerId(caller.PractitionerId!.Value)))
        {
            throw AccessRules.Forbidden("list these cases");
        }

        return state.State;
    }
}
