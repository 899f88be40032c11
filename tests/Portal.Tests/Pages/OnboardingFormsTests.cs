using FluentValidation.TestHelper;
using Portal.Pages.Admin.Teams;
using Portal.Pages.Invites;
using Portal.Pages.Organisations;

namespace Portal.Tests.Pages;

public sealed class OnboardingFormsTests
{
    [Fact]
    public void An_empty_application_names_every_required_field()
    {
        var result = new ApplyModel.Validator().TestValidate(new ApplyModel.Form());

        result.ShouldHaveValidationErrorFor(f => f.OrganisationName).WithErrorMessage("Enter the name of your organisation");
        result.ShouldHaveValidationErrorFor(f => f.ContactName);
        result.ShouldHaveValidationErrorFor(f => f.ContactEmail);
        result.ShouldHaveValidationErrorFor(f => f.AreaServed);
        result.ShouldNotHaveValidationErrorFor(f => f.RegistrationNumber);
    }

    [Theory]
    [InlineData("1234567", true)]
    [InlineData("SC012345", true)]
    [InlineData("<script>", false)]
    [InlineData("123456789012345678901", false)]
    public void A_charity_or_company_number_is_letters_numbers_and_spaces(string number, bool valid)
    {
        var result = new ApplyModel.Validator().TestValidate(new ApplyModel.Form { RegistrationNumber = number });

        Assert.Equal(valid, !result.Errors.Any(e => e.PropertyName == nameof(ApplyModel.Form.RegistrationNumber)));
    }

    [Fact]
    public void A_team_without_a_name_is_told_to_enter_one()
    {
        var result = new IndexModel.Validator().TestValidate(new IndexModel.TeamForm { LeadEmail = "lead@example.org" });

        result.ShouldHaveValidationErrorFor(f => f.Name).WithErrorMessage("Enter the team's name");
    }

    [Fact]
    public void A_team_name_of_only_punctuation_cannot_become_a_team_id()
    {
        var result = new IndexModel.Validator().TestValidate(new IndexModel.TeamForm { Name = "!!!", LeadEmail = "lead@example.org" });

        result.ShouldHaveValidationErrorFor(f => f.Name).WithErrorMessage("The team's name must contain letters or numbers");
    }

    [Fact]
    public void The_new_account_passwords_must_match()
    {
        var result = new AcceptModel.NewAccountValidator().TestValidate(
            new AcceptModel.NewAccountForm { DisplayName = "Kim", Password = "Abc-12345", ConfirmPassword = "Abc-12346" });

        result.ShouldHaveValidationErrorFor(f => f.ConfirmPassword).WithErrorMessage("The passwords do not match");
    }

    [Fact]
    public void An_invitation_needs_a_real_email_address()
    {
        new InviteForm.Validator().TestValidate(new InviteForm { Email = "not an email" }).ShouldHaveValidationErrorFor(f => f.Email);
        new InviteForm.Validator().TestValidate(new InviteForm { Email = "kim@example.org" }).ShouldNotHaveAnyValidationErrors();
    }
}
