using System.Globalization;
using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Web.Components.Shared;
using Collab.Web.Consultations;
using Microsoft.AspNetCore.Components;

namespace Collab.Web.Components.Consultations;

/// <summary>A patient's rights (access, rectification, erasure, opposition) exercised through their practitioner.</summary>
public partial class PatientRightsPage
{
    [CascadingParameter] private HttpContext HttpContext { get; set; } = null!;

    [SupplyParameterFromForm(FormName = "patient-rights", Name = "Form")] private RightsForm? PostedForm { get; set; }

    private RightsForm Form => PostedForm ??= new();

    private IReadOnlyList<OpenConsultation>? _found;
    private IReadOnlyList<ErasureOutcome>? _erasure;
    private string? _message;
    private string? _error;

    private async Task ActAsync()
    {
        var client = Clients.For(HttpContext);
        var lookup = new PatientLookup(Form.LastName, Form.FirstName, Form.BirthDate, Form.Nir);
        try
        {
            switch (Form.Action)
            {
                case "rectify":
                    var corrected = new PatientRequest(Form.NewLastName, Form.NewFirstName, Form.NewBirthDate, Form.NewSex, string.IsNullOrWhiteSpace(Form.NewNir) ? null : Form.NewNir);
                    if (PatientRequest.Problems(corrected, "patient").ToList() is { Count: > 0 } problems)
                    {
                        throw DomainException.Invalid(problems);
                    }

                    var rectified = await Rights.RectifyAsync(client, lookup, corrected.ToIdentity());
                    _message = string.Format(CultureInfo.CurrentCulture, L["Rights.Rectified"], rectified.Count);
                    lookup = new PatientLookup(corrected.LastName, corrected.FirstName, corrected.BirthDate, corrected.Nir);
                    break;
                case "oppose" or "lift":
                    var changed = await Rights.OpposeAsync(client, lookup, Form.Action == "oppose", Form.Reason);
                    _message = string.Format(CultureInfo.CurrentCulture, L["Rights.OppositionSaved"], changed.Count);
                    break;
                case "erase":
                    _erasure = await Rights.EraseAsync(client, lookup);
                    break;
            }

            _found = await Rights.FindAsync(client, lookup);
        }
        catch (DomainException e)
        {
            _error = ErrorText.Of(L, e);
        }
    }

    private string Kept(ErasureOutcome outcome) => outcome.Kept switch
    {
        KeptReason.InProgress => L["Rights.KeptInProgress"],
        KeptReason.Answered when outcome.KeptUntil is { } until => string.Format(CultureInfo.CurrentCulture, L["Rights.KeptAnsweredUntil"], TimeText.Date(until)),
        KeptReason.Answered => L["Rights.KeptAnswered"],
        _ => string.Format(CultureInfo.CurrentCulture, L["Rights.Kept"], outcome.KeptBecause),
    };

    private sealed class RightsForm
    {
        public string? Action { get; set; }
        public string? Nir { get; set; }
        public string? LastName { get; set; }
        public string? FirstName { get; set; }
        public DateOnly? BirthDate { get; set; }
        public string? NewLastName { get; set; }
        public string? NewFirstName { get; set; }
        public DateOnly? NewBirthDate { get; set; }
        public PatientSex? NewSex { get; set; }
        public string? NewNir { get; set; }
        public string? Reason { get; set; }
    }
}
