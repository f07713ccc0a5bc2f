using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Grains.Consultations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Collab.Web.Consultations;

/// <summary>
/// <c>/api/v1/consultations</c>: create a request (encrypted here, with the caller's session keys),
/// act on its status, list an inbox. The live discussion is on <c>/hubs/collab</c>.
/// </summary>
public static class ConsultationsApi
{
    public static RouteGroupBuilder MapConsultationsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/consultations").WithTags("Consultations");
        group.MapPost("/", Create).ProducesValidationProblem();
        group.MapPost("/{id:guid}/{action}", Act).ProducesValidationProblem();
        group.MapPost("/{id:guid}/billed", MarkBilled);
        group.MapPut("/{id:guid}/retention", SetRetention).ProducesValidationProblem();
        group.MapGet("/", Inbox);
        return group;
    }

    private static async Task<Created<CreatedConsultation>> Create(CreateConsultationRequest request, HttpContext http, ConsultationClients clients)
    {
        var input = request.ToInput();
        var client = clients.For(http);
        var id = await client.CreateDraftAsync(input);
        if (request.Send)
        {
            await client.ActAsync(id, ConsultationAction.Send);
        }

        return TypedResults.Created($"/consultations/{id}", new CreatedConsultation(id));
    }

    private static async Task<NoContent> Act(Guid id, string action, ActRequest? request, HttpContext http, ConsultationClients clients)
    {
        if (!Enum.TryParse<ConsultationAction>(action, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
        {
            throw DomainException.Invalid([new("action", "is one of send, accept, answer, close, decline, cancel")]);
        }

        await clients.For(http).ActAsync(id, parsed, request?.Reason, request?.Opinion, request?.ActCode);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> SetRetention(Guid id, Contracts.Retention.RetentionPolicy policy, HttpContext http, IGrainFactory grains)
    {
        await grains.GetGrain<IConsultationGrain>(id).SetRetention(policy, Access.HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> MarkBilled(Guid id, HttpContext http, ConsultationClients clients, IGrainFactory grains)
    {
        await grains.GetGrain<IConsultationGrain>(id).MarkBilled(clients.For(http).Caller);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<InboxEntry>>> Inbox(InboxBox? box, ConsultationStatus? status, HttpContext http, ConsultationClients clients, IGrainFactory grains)
    {
        var client = clients.For(http);
        return TypedResults.Ok(await grains.GetGrain<IInboxGrain>(client.Me.Value).List(box ?? InboxBox.Sent, status, client.Caller));
    }
}

/// <summary>A new request as the API takes it (plaintext over TLS; encrypted before it reaches a grain).</summary>
public sealed record CreateConsultationRequest(
    Guid? RequiredPractitioner,
    Guid? RequiredGroup,
    PatientRequest? Patient,
    string? Question,
    string? Description,
    bool PatientOpposes,
    string? OppositionReason,
    bool ConsentToShare,
    bool Send)
{
    public const string RequiredRule = "is required";

    /// <summary>What is wrong with the request, field by field ("is required", or the NIR's problem).</summary>
    public IReadOnlyList<FieldError> Problems()
    {
        var errors = new List<FieldError>();
        void Required(string field, string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add(new(field, RequiredRule));
            }
        }

        errors.AddRange(PatientRequest.Problems(Patient, "patient"));
        Required("question", Question);
        Required("description", Description);
        if (PatientOpposes)
        {
            Required("oppositionReason", OppositionReason);
        }

        if (OppositionReason is { Length: > ConsultationGrain.MaxReasonLength })
        {
            errors.Add(new("oppositionReason", $"at most {ConsultationGrain.MaxReasonLength} characters"));
        }

        return errors;
    }

    /// <summary>The request checked field by field (every problem at once), or a validation error.</summary>
    public RequestInput ToInput()
    {
        if (Problems() is { Count: > 0 } errors)
        {
            throw DomainException.Invalid(errors);
        }

        var p = Patient!;
        return new RequestInput(
            RequiredPractitioner is { } practitioner ? new PractitionerId(practitioner) : null, RequiredGroup,
            p.ToIdentity(),
            Question!.Trim(), Description!.Trim(), PatientOpposes, OppositionReason, ConsentToShare);
    }
}

/// <summary>The patient in a <see cref="CreateConsultationRequest"/>; a null NIR means "not available".</summary>
public sealed record PatientRequest(string? LastName, string? FirstName, DateOnly? BirthDate, PatientSex? Sex, string? Nir)
{
    /// <summary>What is missing or wrong, each field named under <paramref name="prefix"/>.</summary>
    public static IEnumerable<FieldError> Problems(PatientRequest? patient, string prefix)
    {
        if (string.IsNullOrWhiteSpace(patient?.LastName))
        {
            yield return new($"{prefix}.lastName", CreateConsultationRequest.RequiredRule);
        }

        if (string.IsNullOrWhiteSpace(patient?.FirstName))
        {
            yield return new($"{prefix}.firstName", CreateConsultationRequest.RequiredRule);
        }

        if (patient?.BirthDate is null)
        {
            yield return new($"{prefix}.birthDate", CreateConsultationRequest.RequiredRule);
        }

        if (patient?.Nir is { } nir && Grains.Consultations.Nir.Problem(nir) is { } problem)
        {
            yield return new($"{prefix}.nir", problem);
        }
    }

    /// <summary>The identity as stored (trimmed, NIR compacted); call once <see cref="Problems"/> is empty.</summary>
    public PatientIdentity ToIdentity() =>
        new(LastName!.Trim(), FirstName!.Trim(), BirthDate!.Value, Sex ?? PatientSex.Other, Nir?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
}

/// <summary>What an action carries: a reason (decline, cancel) or the opinion and act code (answer).</summary>
public sealed record ActRequest(string? Reason, string? Opinion, string? ActCode);

/// <summary>The id of a created consultation.</summary>
public sealed record CreatedConsultation(Guid Id);
