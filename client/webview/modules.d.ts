/** cytoscape-fcose ships no types: a Cytoscape extension (`cytoscape.use(fcose)`). */
declare module 'cytoscape-fcose' {
  const fcose: import('cytoscape').Ext;
  export default fcose;
}
