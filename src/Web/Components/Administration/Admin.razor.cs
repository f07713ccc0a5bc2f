using System.Globalization;
using Collab.Contracts.Directory;
using Collab.Contracts.Errors;
using Collab.Web.Access;
using Collab.Web.Practitioners;
using Microsoft.AspNetCore.Components;

namespace Collab.Web.Components.Administration;

/// <summary>Administration of accounts: pending validations, suspensions, warnings and restrictions after unusual access, admin-assisted password resets, end of a structure's contract.</summary>
public partial class Admin
{
    [CascadingParameter] private HttpContext HttpContext { get; set; } = null!;

    private IReadOnlyList<DirectoryEntry> _pending = [];

    // What the admin checks before validating: the email proved by a code, the RPPS check digit.
    private Dictionary<Guid, (Collab.Contracts.Practitioners.PractitionerCard? Card, bool NumberChecksOut)> _checks = [];
    private IReadOnlyList<Collab.Contracts.Audit.FlagRow> _flags = [];

    [SupplyParameterFromForm] private string? Reason { get; set; }

    [SupplyParameterFromForm] private string? Finess { get; set; }

    private bool _isOperator;
    private IReadOnlyList<StructureEntry> _structures = [];
    private bool _forbidden;
    private string? _message;

    protected override async Task OnInitializedAsync()
    {
        if (HttpContext.User.Identity?.IsAuthenticated != true)
        {
            Navigation.NavigateTo("/login");
            return;
        }

        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            _pending = await Directory.PendingAccountsAsync(HttpCaller.From(HttpContext));
            _checks = [];
            foreach (var entry in _pending)
            {
                var card = await Practitioners.CardAsync(entry.Id, HttpCaller.From(HttpContext));
                _checks[entry.Id] = (card, card is null || Grains.Practitioners.PractitionerRules.ChecksOut(card.Identifier));
            }
        }
        catch (DomainException e) when (e.Code == DomainErrorCode.Forbidden)
        {
            _forbidden = true;
        }

        var caller = HttpCaller.From(HttpContext);
        var standing = await Account.StandingAsync(caller);
        _isOperator = standing.IsOperator;
        _structures = _isOperator ? await Directory.StructuresAsync() : [];
        if (standing.IsOperator)
        {
            _flags = await Audit.FlagsAsync(null, caller);
        }
        else
        {
            var flags = new List<Collab.Contracts.Audit.FlagRow>();
            foreach (var structure in await Structures.AdministeredByAsync(caller.PractitionerId!.Value, standing.Structure))
            {
                flags.AddRange(await Audit.FlagsAsync(structure, caller));
            }

            _flags = flags;
        }
    }

    private async Task EndContractAsync(Guid structure)
    {
        try
        {
            var end = await Structures.EndContractAsync(structure, Finess, HttpCaller.From(HttpContext));
            _message = string.Format(CultureInfo.CurrentCulture, L["Contract.Ended"], end.Accounts, end.ConsultationsDestroyed, end.CertificateEventId);
        }
        catch (DomainException e) when (e.Code is DomainErrorCode.Conflict or DomainErrorCode.InvalidInput)
        {
            _message = e.Code == DomainErrorCode.Conflict ? L["Contract.ExportFirst"] : L["Contract.WrongFiness"];
        }

        await LoadAsync();
    }

    private Task WarnAsync(Guid practitioner) => ChangeAsync(practitioner, c => Practitioners.WarnOfRestrictionAsync(practitioner, Reason, c));

    private async Task ChangeAsync(Guid practitioner, Func<Contracts.Access.Caller, Task> change)
    {
        try
        {
            await change(HttpCaller.From(HttpContext));
            _message = L["Admin.Done"];
        }
        catch (DomainException e) when (e.Code is DomainErrorCode.Conflict or DomainErrorCode.InvalidInput)
        {
            _message = e.Code == DomainErrorCode.Conflict ? L["Flags.WarnFirst"] : L["Flags.Reason"];
        }
        catch (DomainException e) when (e.Code == DomainErrorCode.Forbidden)
        {
            _forbidden = true;
        }

        await LoadAsync();
    }

    private async Task DecideAsync(Guid id, bool validate)
    {
        var caller = HttpCaller.From(HttpContext);
        try
        {
            await Practitioners.DecideAsync(id, validate ? AccountDecision.Validate : AccountDecision.Reject, caller, Reason);
            _message = L["Admin.Done"];
        }
        catch (DomainException e) when (e.Code == DomainErrorCode.Forbidden)
        {
            _forbidden = true;
        }
        catch (DomainException e) when (e.Code == DomainErrorCode.Conflict)
        {
            _message = L["Admin.EmailFirst"];
        }
        catch (DomainException e) when (e.Code == DomainErrorCode.InvalidInput)
        {
            _message = Shared.ErrorText.Of(L, e);
        }

        await LoadAsync();
    }
}
