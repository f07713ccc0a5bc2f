using Collab.Contracts.Access;
using Collab.Contracts.Directory;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Web.Account;
using Collab.Web.Components.Shared;
using Collab.Web.Practitioners;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace Collab.Web.Components.Account;

/// <summary>Creating an account: the form, then the recovery code shown once.</summary>
public partial class Register
{
    [CascadingParameter] private HttpContext HttpContext { get; set; } = null!;

    [Inject] private IdentityDocuments Documents { get; set; } = null!;

    [SupplyParameterFromForm(FormName = "register", Name = "Form")]
    private RegisterForm? PostedForm { get; set; }

    private RegisterForm Form => PostedForm ??= new();

    private EditContext _context = null!;
    private ValidationMessageStore _errors = null!;
    private IReadOnlyList<StructureEntry> _structures = [];
    private RegisteredResponse? _registered;

    [SupplyParameterFromForm(FormName = "confirm-email", Name = "Proof")]
    private ProofForm? PostedProof { get; set; }

    private ProofForm Proof => PostedProof ??= new();

    private EditContext _proofContext = null!;
    private ValidationMessageStore _proofErrors = null!;
    private bool _emailProved;
    private bool _documentSent;
    private string? _documentError;

    protected override async Task OnInitializedAsync()
    {
        _context = new EditContext(Form);
        _errors = new ValidationMessageStore(_context);
        _proofContext = new EditContext(Proof);
        _proofErrors = new ValidationMessageStore(_proofContext);
        _structures = await Directory.StructuresAsync();
    }

    private async Task SubmitAsync()
    {
        MemoryStream? document = null;
        try
        {
            // The proof of identity is checked before the account exists, so that a wrong file loses nothing typed.
            document = await IdentityDocumentText.ReadPostedAsync(HttpContext);

            _registered = await Account.RegisterAsync(new RegisterRequest(
                Form.LastName, Form.FirstName, Form.Profession.ToString(), new IdentifierDto(Form.IdentifierKind, Form.IdentifierNumber),
                Form.Email, Form.Phone, Form.Specialty, Form.Structure, Form.Password, Form.AcceptTerms), HttpContext);
        }
        catch (DomainException e)
        {
            FormErrors.Show(_context, _errors, e, L);
            return;
        }

        if (document is not null)
        {
            await AttachAsync(document);
        }
    }

    // The account was created by this very request: the document is sent as its holder.
    private async Task AttachAsync(MemoryStream document)
    {
        var request = Access.HttpCaller.From(HttpContext);
        try
        {
            await Documents.AttachAsync(_registered!.Practitioner.Id, document, document.Length,
                Caller.Practitioner(_registered.Practitioner.Id, request.IpAddress, request.UserAgent), HttpContext.RequestAborted);
            _documentSent = true;
        }
        catch (DomainException e)
        {
            _documentError = ErrorText.Of(L, e);
        }
        finally
        {
            await document.DisposeAsync();
        }
    }

    // The code sent at registration: the address is proved, which an administrator needs before validating.
    private async Task ConfirmEmailAsync()
    {
        try
        {
            await Account.ConfirmEmailAsync(Proof.Email, Proof.Code, HttpContext);
            _emailProved = true;
        }
        catch (DomainException e)
        {
            FormErrors.Show(_proofContext, _proofErrors, e, L);
        }
    }

    private sealed class ProofForm
    {
        public string? Email { get; set; }
        public string? Code { get; set; }
    }

    private sealed class RegisterForm
    {
        public string? LastName { get; set; }
        public string? FirstName { get; set; }
        public Profession Profession { get; set; } = Profession.Physician;
        public string? Specialty { get; set; }
        public string IdentifierKind { get; set; } = "Rpps";
        public string? IdentifierNumber { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public Guid? Structure { get; set; }
        public string? Password { get; set; }
        public bool AcceptTerms { get; set; }
    }
}
