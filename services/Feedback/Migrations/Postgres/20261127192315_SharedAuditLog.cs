using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FeedbackService.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SharedAuditLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "actor",
                table: "audit_log",
                newName: "user_id");

            migrationBuilder.RenameColumn(
                name: "actor_role",
                table: "audit_log",
                newName: "user_role");

            migrationBuilder.RenameColumn(
                name: "reason",
                table: "audit_log",
                newName: "purpose");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "user_id",
                table: "audit_log",
                newName: "actor");

            migrationBuilder.RenameColumn(
                name: "user_role",
                table: "audit_log",
                newName: "actor_role");

            migrationBuilder.RenameColumn(
                name: "purpose",
                table: "audit_log",
                newName: "reason");
        }
    }
}
