using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReferralsService.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AssistedReferral : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "person_contact_route",
                table: "referrals",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "person_support_needs",
                table: "referrals",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "person_contact_route",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "person_support_needs",
                table: "referrals");
        }
    }
}
