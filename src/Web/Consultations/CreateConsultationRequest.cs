using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Grains.Consultations;

namespace Collab.Web.Consultations;

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
    public const string RequiredRule = TextLimits.RequiredRule;

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

        void Limited(string field, string? value, int limit)
        {
            if (TextLimits.Check(field, value, limit) is { } error)
            {
                errors.Add(error);
            }
        }

        errors.AddRange(PatientRequest.Problems(Patient, "patient"));
        Limited("question", Question, TextLimits.Question);
        Limited("description", Description, TextLimits.Description);
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
