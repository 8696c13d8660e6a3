/* The print button of the printable reports (no inline handlers: the CSP allows scripts from
   this site only). */
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
