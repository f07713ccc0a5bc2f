using Collab.Contracts.Access;
using Collab.Contracts.Audit;
using Collab.Contracts.Errors;
using Collab.Grains.Access;
using Orleans.Concurrency;

namespace Collab.Grains.Audit;

/// <summary>
/// The audit viewer's access rule: an operator reads every trace; a structure administrator reads the
/// traces of their structure's users. Each query is traced (category Access, object "audit").
/// </summary>
[StatelessWorker]
public sealed class AuditViewerGrain(IAuditQuery traces, IAuditTrail audit, TimeProvider clock) : Grain, IAuditViewerGrain
{
    public async Task<IReadOnlyList<AuditRow>> Query(AuditQuery query, Caller caller)
    {
        var errors = new List<FieldError>();
        if (query.Limit is < 1 or > AuditQuery.MaxLimit)
        {
            errors.Add(new("limit", $"must be from 1 to {AuditQuery.MaxLimit}"));
        }

        if (query.From > query.To)
        {
            errors.Add(new("from", "must be before 'to'"));
        }

        if (query.Category is { } category && !Enum.TryParse<AuditCategory>(category, ignoreCase: true, out _))
        {
            errors.Add(new("category", "is Access, Technical or Functional"));
        }

        foreach (var (field, value) in new[] { ("actor", query.Actor), ("objectType", query.ObjectType), ("objectId", query.ObjectId), ("action", query.Action) })
        {
            if (value is { Length: > 200 })
            {
                errors.Add(new(field, "must be at most 200 characters"));
            }
        }

        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }

        await RequireViewer(query.Structure, caller, "audit.view");
        return await traces.QueryAsync(query);
    }

    public async Task<IReadOnlyList<FlagRow>> Flags(Guid? structure, Caller caller)
    {
        await RequireViewer(structure, caller, "audit.flags.view");
        return await traces.FlagsAsync(structure, 200);
    }

    // Without a structure only an operator may look; with one, its administrators too. Both outcomes are traced.
    private async Task RequireViewer(Guid? structure, Caller caller, string action)
    {
        var scope = structure?.ToString() ?? "all";
        try
        {
            if (structure is null)
            {
                await AccessRules.RequireOperator(GrainFactory, caller, "read the whole audit trail");
            }
            else
            {
                await AccessRules.RequireAdministrator(GrainFactory, caller, structure, "read this structure's audit trail");
            }
        }
        catch (DomainException e) when (e.Code == DomainErrorCode.Forbidden)
        {
            await audit.RecordAsync(clock, caller, AuditCategory.Access, action, "audit", scope, AuditOutcome.Refused);
            throw;
        }

        await audit.RecordAsync(clock, caller, AuditCategory.Access, action, "audit", scope);
    }
}
