using System.Globalization;
using Collab.Contracts.Consultations;
using Collab.Contracts.Conversations;
using Collab.Contracts.Directory;
using Collab.Contracts.Errors;
using Collab.Web.Components.Shared;
using Collab.Web.Consultations;
using Microsoft.AspNetCore.Components.Forms;

namespace Collab.Web.Components.Consultations;

/// <summary>A new request for an opinion: the patient, the question and the files, encrypted on this side, saved as a draft or sent to a colleague or a service.</summary>
public partial class NewRequest
{
    public const long MaxFileBytes = 20 * 1024 * 1024;
    private static readonly HashSet<string> FileTypes = ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"];
    private string? _search;
    private string? _searchError;
    private IReadOnlyList<DirectoryEntry>? _results;
    private DirectoryEntry? _addressee;
    private string? _lastName;
    private string? _firstName;
    private DateOnly? _birthDate;
    private PatientSex _sex = PatientSex.Female;
    private string? _nir;
    private bool _nirAbsent;
    private string? _question;
    private string? _description;
    private bool _opposes;
    private string? _oppositionReason;
    private bool _consent;
    private List<IBrowserFile> _files = [];
    private Dictionary<string, string> _errors = [];
    private string? _error;
    private bool _busy;

    private async Task SearchAsync()
    {
        if (await ClientAsync() is not { } client)
        {
            _error = L["Error.LoginFirst"];
            return;
        }

        try
        {
            var page = await Directory.SearchAsync(new DirectoryQuery(_search, null, null, null, null, null, 1, 10), client.Caller);
            _results = page.Entries.Where(e => e.Id != client.Me.Value).ToList();
            _searchError = null;
        }
        catch (DomainException e)
        {
            _results = null;
            _searchError = ErrorText.Of(L, e); // a pending account, say: told beside the search, and the page stays alive
        }
    }

    /// <summary>"At most N characters", in the user's language.</summary>
    private string Limit(int max) => string.Format(CultureInfo.CurrentCulture, L["Field.MaxChars"], max);

    private void Choose(DirectoryEntry entry)
    {
        _addressee = entry;
        _results = null;
    }

    private void Pick(InputFileChangeEventArgs e) => _files = e.GetMultipleFiles(10).ToList();

    // The same rules as /api/v1/consultations; the page shows "is required" in the user's language.
    private CreateConsultationRequest Request() => new(
        _addressee is { Kind: not DirectoryKind.Group } practitioner ? practitioner.Id : null,
        _addressee is { Kind: DirectoryKind.Group } group ? group.Id : null,
        new PatientRequest(_lastName, _firstName, _birthDate, _sex, _nirAbsent ? null : _nir ?? ""),
        _question, _description, _opposes, _opposes ? _oppositionReason : null, _consent, Send: false);

    private Dictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>();
        foreach (var problem in Request().Problems())
        {
            errors.TryAdd(problem.Field.Replace("patient.", "", StringComparison.Ordinal), problem switch
            {
                { Rule: CreateConsultationRequest.RequiredRule } => L["Request.Required"],
                { Field: "question" } => Limit(TextLimits.Question),
                { Field: "description" } => Limit(TextLimits.Description),
                _ => ErrorText.Rule(L, problem.Rule),
            });
        }

        if (_addressee is null)
        {
            errors["required"] = L["Request.NoAddressee"];
        }

        foreach (var file in _files)
        {
            if (file.Size > MaxFileBytes)
            {
                errors["files"] = string.Format(CultureInfo.CurrentCulture, L["Request.FileTooBig"], file.Name);
            }
            else if (!FileTypes.Contains(file.ContentType))
            {
                errors["files"] = string.Format(CultureInfo.CurrentCulture, L["Request.FileType"], file.Name);
            }
        }

        return errors;
    }

    private async Task SubmitAsync(bool send)
    {
        _errors = Validate();
        _error = null;
        if (_errors.Count > 0 || await ClientAsync() is not { } client)
        {
            return;
        }

        _busy = true;
        try
        {
            var input = Request().ToInput();
            var id = await client.CreateDraftAsync(input);
            var seen = 0L; // a new draft: each file follows the one before
            foreach (var file in _files)
            {
                await using var content = file.OpenReadStream(MaxFileBytes);
                var body = await ConsultationClient.StoreFileAsync(Attachments, id, content, file.Name, file.ContentType, file.Size);
                seen = await client.PostAsync(id, body, MessageIds.New(), seen);
            }

            if (send)
            {
                await client.ActAsync(id, ConsultationAction.Send);
            }

            Navigation.NavigateTo($"/consultations/{id}");
        }
        catch (DomainException e)
        {
            _errors = e.Errors.GroupBy(f => f.Field).ToDictionary(g => g.Key, g => g.First().Rule);
            _error = ErrorText.Of(L, e);
        }
        finally
        {
            _busy = false;
        }
    }
}
