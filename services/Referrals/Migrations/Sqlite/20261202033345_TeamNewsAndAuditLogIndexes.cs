using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReferralsService.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TeamNewsAndAuditLogIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "tell_referrer_team",
                table: "referrals",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "ix_referral_audit_log_at",
                table: "referral_audit_log",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_referral_audit_log_user_id_at",
                table: "referral_audit_log",
                columns: new[] { "user_id", "at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_referral_audit_log_at",
                table: "referral_audit_log");

            migrationBuilder.DropIndex(
                name: "ix_referral_audit_log_user_id_at",
                table: "referral_audit_log");

            migrationBuilder.DropColumn(
                name: "tell_referrer_team",
                table: "referrals");
        }
    }
}
