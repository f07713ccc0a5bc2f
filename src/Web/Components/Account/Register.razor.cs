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
        try
        {
            _registered = await Account.RegisterAsync(new RegisterRequest(
                Form.LastName, Form.FirstName, Form.Profession.ToString(), new IdentifierDto(Form.IdentifierKind, Form.IdentifierNumber),
                Form.Email, Form.Phone, Form.Specialty, Form.Structure, Form.Password, Form.AcceptTerms), HttpContext);
        }
        catch (DomainException e)
        {
            FormErrors.Show(_context, _errors, e, L);
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
